import { useEffect, useState } from 'react';
import { useApi } from '../../../app/context.tsx';
import type { Api } from '../../../../common/api.ts';
import { messageOf } from '../../../lib/use-rows.ts';
import '../rental.css';

/** A stored file as an object URL: `sha256` is the file that came (the thumbnail, or the photo itself). */
interface Shown {
  readonly url: string;
  readonly sha256: string;
  readonly thumbnail: boolean;
}
type Loaded = { state: 'loading' } | { state: 'shown'; shown: Shown } | { state: 'missing'; why: string };

const shaList = (value: unknown): string[] =>
  Array.isArray(value)
    ? value.filter((sha): sha is string => typeof sha === 'string' && /^[0-9a-f]{64}$/.test(sha))
    : [];

async function readShown(api: Api, sha256: string, thumbnail: boolean): Promise<Loaded> {
  const blob = await api.call('blobs:read', { sha256, thumbnail });
  if (!blob) return { state: 'missing', why: 'Not on this PC yet' };
  const bytes = Uint8Array.from(atob(blob.base64), (char) => char.charCodeAt(0));
  const served = blob.sha256 ?? sha256;
  return {
    state: 'shown',
    shown: {
      url: URL.createObjectURL(new Blob([bytes], { type: blob.contentType })),
      sha256: served,
      thumbnail: served !== sha256,
    },
  };
}

/**
 * One stored file on screen (`blobs:read`): the photo's thumbnail when `thumbnail` (older photos
 * have none: the photo itself then, scaled by the browser), else the full photo. From this PC,
 * or fetched from the server and kept; the object URL is revoked when the screen goes.
 */
function useStoredImage(sha256: string | null, thumbnail: boolean): Loaded {
  const api = useApi();
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });
  useEffect(() => {
    if (!sha256) return;
    let alive = true;
    let url: string | null = null;
    setLoaded({ state: 'loading' });
    readShown(api, sha256, thumbnail).then(
      (result) => {
        if (result.state === 'shown') url = result.shown.url;
        if (alive) setLoaded(result);
        else if (url) URL.revokeObjectURL(url);
      },
      (error: unknown) => alive && setLoaded({ state: 'missing', why: messageOf(error) }),
    );
    return () => {
      alive = false;
      if (url) URL.revokeObjectURL(url);
    };
  }, [api, sha256, thumbnail]);
  return loaded;
}

function Thumb(props: { sha256: string; alt: string; onOpen: () => void }) {
  const loaded = useStoredImage(props.sha256, true);
  if (loaded.state === 'missing')
    return (
      <span className="photo-missing" title={props.sha256}>
        {loaded.why}
      </span>
    );
  return (
    <button
      type="button"
      className="photo-thumb"
      aria-label={`${props.alt}: open the full photo`}
      onClick={props.onOpen}
    >
      {loaded.state === 'shown' ? (
        <img
          src={loaded.shown.url}
          alt={props.alt}
          data-sha256={loaded.shown.sha256}
          data-thumbnail={loaded.shown.thumbnail ? 'yes' : 'no'}
        />
      ) : (
        <span className="photo-loading" aria-busy="true" />
      )}
    </button>
  );
}

/** The full photo over the screen; Escape, the backdrop or Close put it away, arrows go through the strip. */
function PhotoViewer(props: { label: string; shas: readonly string[]; index: number; onClose: () => void }) {
  const [index, setIndex] = useState(props.index);
  const sha256 = props.shas[index] ?? null;
  const loaded = useStoredImage(sha256, false);
  const step = (by: number) => setIndex((at) => (at + by + props.shas.length) % props.shas.length);
  const title = `${props.label} ${index + 1} of ${props.shas.length}`;
  return (
    <div
      className="modal-backdrop"
      onClick={(event) => event.target === event.currentTarget && props.onClose()}
      onKeyDown={(event) => {
        if (event.key === 'Escape') props.onClose();
        if (event.key === 'ArrowRight') step(1);
        if (event.key === 'ArrowLeft') step(-1);
      }}
    >
      <div className="modal photo-viewer" role="dialog" aria-modal="true" aria-label={title}>
        <div className="photos-head">
          <span className="photos-label">{title}</span>
          {props.shas.length > 1 ? (
            <>
              <button type="button" className="button small" onClick={() => step(-1)}>
                ← Previous
              </button>
              <button type="button" className="button small" onClick={() => step(1)}>
                Next →
              </button>
            </>
          ) : null}
          <button type="button" className="button small" autoFocus onClick={props.onClose}>
            Close
          </button>
        </div>
        {loaded.state === 'shown' ? (
          <img src={loaded.shown.url} alt={`${title}: full photo`} data-sha256={loaded.shown.sha256} />
        ) : loaded.state === 'missing' ? (
          <p className="muted">{loaded.why}</p>
        ) : (
          <p className="muted" aria-busy="true">
            Loading the photo…
          </p>
        )}
      </div>
    </div>
  );
}

/**
 * Photos already stored on a contract (`photos_out`, `photos_in`: blob sha256): their thumbnails
 * in a strip, each opening the full photo. Thumbnails are on every counter after sync, offline
 * too; a full photo is fetched the first time it is opened on a PC and kept there.
 */
export function StoredPhotos(props: { label: string; shas: unknown; empty?: string }) {
  const shas = shaList(props.shas);
  const [open, setOpen] = useState<number | null>(null);
  return (
    <div className="photos" role="group" aria-label={props.label}>
      <div className="photos-head">
        <span className="photos-label">{props.label}</span>
      </div>
      {shas.length ? (
        <ul className="photo-strip">
          {shas.map((sha, index) => (
            <li key={`${sha}-${index}`}>
              <Thumb sha256={sha} alt={`${props.label} ${index + 1}`} onOpen={() => setOpen(index)} />
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted small">{props.empty ?? 'No photos.'}</p>
      )}
      {open !== null ? (
        <PhotoViewer label={props.label} shas={shas} index={open} onClose={() => setOpen(null)} />
      ) : null}
    </div>
  );
}

/** Pickup and return photos side by side, as the damage diagrams are. */
export function PhotoComparison(props: { pickup: unknown; returned: unknown; returnedYet: boolean }) {
  return (
    <div className="photo-compare">
      <StoredPhotos label="Photos at pickup" shas={props.pickup} />
      <StoredPhotos
        label="Photos at return"
        shas={props.returned}
        empty={props.returnedYet ? 'No photos.' : 'Not returned yet.'}
      />
    </div>
  );
}
