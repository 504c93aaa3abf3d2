import { useEffect, useMemo, useRef, useState } from 'react';
import { canvasToPng, photoProblem, type PictureFile } from '../image-bytes.ts';
import { makeThumbnail } from '../photo-thumbnail.ts';
import '../rental.css';

const hasCamera = () => typeof navigator !== 'undefined' && Boolean(navigator.mediaDevices?.getUserMedia);

/**
 * Object URLs for the previews (the thumbnail, else the photo), revoked when the photos change or
 * the screen goes.
 */
function usePreviews(photos: readonly PictureFile[]): Map<string, string> {
  const urls = useMemo(
    () =>
      new Map(
        photos.map((photo) => [
          photo.id,
          URL.createObjectURL(
            photo.thumbnail
              ? new Blob([photo.thumbnail], { type: 'image/jpeg' })
              : new Blob([photo.bytes], { type: photo.mediaType }),
          ),
        ]),
      ),
    [photos],
  );
  useEffect(() => () => urls.forEach((url) => URL.revokeObjectURL(url)), [urls]);
  return urls;
}

/**
 * Photos of the car: from the camera where the browser offers one (a tablet, a laptop's webcam),
 * otherwise, or as well, chosen from files. Shows a preview of each with a way to remove it.
 */
export function PhotoCapture(props: {
  label: string;
  photos: readonly PictureFile[];
  onChange: (photos: PictureFile[]) => void;
}) {
  const [problem, setProblem] = useState<string | null>(null);
  const [cameraOn, setCameraOn] = useState(false);
  const previews = usePreviews(props.photos);

  const addFiles = async (files: FileList | null) => {
    if (!files) return;
    const added: PictureFile[] = [];
    const problems: string[] = [];
    for (const file of Array.from(files)) {
      const why = photoProblem(file);
      if (why) problems.push(why);
      else {
        const bytes = new Uint8Array(await file.arrayBuffer());
        added.push({
          id: crypto.randomUUID(),
          name: file.name,
          mediaType: file.type,
          bytes,
          thumbnail: await makeThumbnail(bytes, file.type),
        });
      }
    }
    setProblem(problems.length ? problems.join(' ') : null);
    if (added.length) props.onChange([...props.photos, ...added]);
  };

  return (
    <div className="photos" role="group" aria-label={props.label}>
      <div className="photos-head">
        <span className="photos-label">{props.label}</span>
        <label className="button small file-button">
          Add photos
          <input
            type="file"
            accept="image/png,image/jpeg,image/webp"
            capture="environment"
            multiple
            aria-label={`${props.label}: add photos`}
            onChange={(event) => {
              void addFiles(event.target.files);
              event.target.value = '';
            }}
          />
        </label>
        {hasCamera() && !cameraOn ? (
          <button type="button" className="button small" onClick={() => setCameraOn(true)}>
            Use camera
          </button>
        ) : null}
      </div>
      {cameraOn ? (
        <Camera
          onShot={(photo) => props.onChange([...props.photos, photo])}
          onClose={() => setCameraOn(false)}
          onError={(message) => {
            setProblem(message);
            setCameraOn(false);
          }}
        />
      ) : null}
      {problem ? <div className="field-error">{problem}</div> : null}
      {props.photos.length ? (
        <ul className="photo-strip">
          {props.photos.map((photo, index) => (
            <li key={photo.id}>
              <img
                src={previews.get(photo.id)}
                alt={`${props.label} ${index + 1}: ${photo.name}`}
                data-thumbnail={photo.thumbnail ? 'yes' : 'no'}
              />
              <button
                type="button"
                className="photo-remove"
                aria-label={`Remove photo ${index + 1}`}
                onClick={() => props.onChange(props.photos.filter((other) => other.id !== photo.id))}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted small">No photos yet.</p>
      )}
    </div>
  );
}

/** The live camera with a shutter button; each shot becomes a PNG. */
function Camera(props: {
  onShot: (photo: PictureFile) => void;
  onClose: () => void;
  onError: (message: string) => void;
}) {
  const video = useRef<HTMLVideoElement>(null);
  const callbacks = useRef(props);
  callbacks.current = props;

  useEffect(() => {
    let stream: MediaStream | null = null;
    let alive = true;
    navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false }).then(
      (opened) => {
        stream = opened;
        if (!alive) return opened.getTracks().forEach((track) => track.stop());
        if (video.current) {
          video.current.srcObject = opened;
          void video.current.play();
        }
      },
      (error: unknown) =>
        callbacks.current.onError(
          `The camera is not available (${error instanceof Error ? error.name : 'refused'}); add photos from files.`,
        ),
    );
    return () => {
      alive = false;
      stream?.getTracks().forEach((track) => track.stop());
    };
  }, []);

  const shoot = async () => {
    const element = video.current;
    if (!element || !element.videoWidth) return;
    const canvas = document.createElement('canvas');
    canvas.width = element.videoWidth;
    canvas.height = element.videoHeight;
    canvas.getContext('2d')?.drawImage(element, 0, 0);
    const bytes = await canvasToPng(canvas);
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    callbacks.current.onShot({
      id: crypto.randomUUID(),
      name: `camera-${stamp}.png`,
      mediaType: 'image/png',
      bytes,
      thumbnail: await makeThumbnail(bytes, 'image/png'),
    });
  };

  return (
    <div className="camera">
      <video ref={video} muted playsInline aria-label="Camera preview" />
      <div className="actions">
        <button type="button" className="button primary small" onClick={() => void shoot()}>
          Take photo
        </button>
        <button type="button" className="button small" onClick={props.onClose}>
          Done
        </button>
      </div>
    </div>
  );
}
