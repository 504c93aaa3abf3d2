import { ipcMain } from 'electron';
import { registerContract, type RelayDeps } from './relay.ts';

/** Registers the contract on Electron's ipcMain: the one place outside tests that touches it. */
export function registerContractWithElectron(deps: Omit<RelayDeps, 'ipcMain'>): () => void {
  return registerContract({ ...deps, ipcMain });
}
