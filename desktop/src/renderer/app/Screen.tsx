import { CustomerDetail } from '../features/customers/components/CustomerDetail.tsx';
import { CustomerForm } from '../features/customers/components/CustomerForm.tsx';
import { CustomerList } from '../features/customers/components/CustomerList.tsx';
import { DashboardScreen } from '../features/dashboard/components/DashboardScreen.tsx';
import { ExportsScreen } from '../features/exports/components/ExportsScreen.tsx';
import { SettlementsScreen } from '../features/settlements/components/SettlementsScreen.tsx';
import { JobDetail } from '../features/jobs/components/JobDetail.tsx';
import { JobForm } from '../features/jobs/components/JobForm.tsx';
import { JobList } from '../features/jobs/components/JobList.tsx';
import { RentalScreen } from '../features/rental/components/RentalScreens.tsx';
import { IntegrationsScreen } from '../features/integrations/components/IntegrationsScreen.tsx';
import { BillingScreen } from '../features/billing/components/BillingScreen.tsx';
import { SettingsScreen } from '../features/settings/components/SettingsScreen.tsx';
import { VehicleDetail } from '../features/vehicles/components/VehicleDetail.tsx';
import { VehicleForm } from '../features/vehicles/components/VehicleForm.tsx';
import { VehicleList } from '../features/vehicles/components/VehicleList.tsx';
import { useDeps, useNav } from './context.tsx';

/** The screen for the current route; `key` resets a screen's local state when its record changes. */
export function Screen() {
  const route = useNav((state) => state.route);
  const { nav } = useDeps();
  const go = nav.getState().navigate;
  switch (route.name) {
    case 'jobs':
      return <JobList filter={route.filter ?? 'open'} />;
    case 'job':
      return <JobDetail key={route.id} id={route.id} />;
    case 'job-new':
      return (
        <JobForm
          key={`${route.customerId}-${route.vehicleId}`}
          {...(route.customerId ? { customerId: route.customerId } : {})}
          {...(route.vehicleId ? { vehicleId: route.vehicleId } : {})}
        />
      );
    case 'customers':
      return <CustomerList />;
    case 'customer':
      return <CustomerDetail key={route.id} id={route.id} />;
    case 'customer-new':
      return (
        <section className="screen">
          <header className="screen-head">
            <h1>New customer</h1>
          </header>
          <div className="panel">
            <CustomerForm customer={null} onDone={(id) => go(id ? { name: 'customer', id } : { name: 'customers' })} />
          </div>
        </section>
      );
    case 'vehicles':
      return <VehicleList />;
    case 'vehicle':
      return <VehicleDetail key={route.id} id={route.id} />;
    case 'vehicle-new':
      return (
        <section className="screen">
          <header className="screen-head">
            <h1>New vehicle</h1>
          </header>
          <div className="panel">
            <VehicleForm
              vehicle={null}
              {...(route.customerId ? { customerId: route.customerId } : {})}
              onDone={(id) => go(id ? { name: 'vehicle', id } : { name: 'vehicles' })}
            />
          </div>
        </section>
      );
    case 'settings':
      return <SettingsScreen />;
    case 'dashboard':
      return <DashboardScreen filters={route.filters} />;
    case 'settlements':
      return <SettlementsScreen />;
    case 'exports':
      return <ExportsScreen filters={route.filters} />;
    case 'integrations':
      return <IntegrationsScreen />;
    case 'billing':
      return <BillingScreen />;
    default:
      return <RentalScreen route={route} />;
  }
}
