/** Newer / older pages of a server list; nothing when everything fits on one page. */
export function Pager(props: { page: number; total: number; perPage: number; onPage: (page: number) => void }) {
  const pages = Math.max(1, Math.ceil(props.total / props.perPage));
  if (pages === 1) return null;
  return (
    <div className="pager">
      <button
        type="button"
        className="button small ghost"
        disabled={props.page <= 1}
        onClick={() => props.onPage(props.page - 1)}
      >
        Newer
      </button>
      <span className="muted small">
        Page {props.page} of {pages} ({props.total})
      </span>
      <button
        type="button"
        className="button small ghost"
        disabled={props.page >= pages}
        onClick={() => props.onPage(props.page + 1)}
      >
        Older
      </button>
    </div>
  );
}
