import type { ServerData } from '../use-server-data.ts';

/** Why a part of the page is empty: the server is out of reach (offline) or it refused. */
export function LoadProblem(props: { error: NonNullable<ServerData<unknown>['error']>; onRetry: () => void }) {
  return (
    <div className="notice integrations-problem" role="alert">
      {props.error.offline ? (
        <>
          <strong>The server cannot be reached.</strong> Integrations are managed online; the counter keeps working
          offline. Try again when this PC is connected.
        </>
      ) : (
        props.error.message
      )}{' '}
      <button type="button" className="link" onClick={props.onRetry}>
        Try again
      </button>
    </div>
  );
}
