import { useEffect, useRef, useState } from 'react';
import { canvasToPng } from '../image-bytes.ts';
import '../rental.css';

/**
 * A signature drawn with a finger, pen or mouse on a canvas (pointer events, so touch screens and
 * tablets in browser mode work). Each finished stroke hands the picture up as PNG bytes; Clear
 * empties it and hands up null.
 */
export function SignaturePad(props: { label: string; onChange: (png: Uint8Array<ArrayBuffer> | null) => void }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const drawing = useRef(false);
  const [empty, setEmpty] = useState(true);
  const onChange = useRef(props.onChange);
  onChange.current = props.onChange;

  useEffect(() => {
    const element = canvas.current;
    if (!element) return;
    // Draw at the device's pixel density so the signature is sharp on a high-DPI screen and in the PDF.
    const ratio = window.devicePixelRatio || 1;
    element.width = Math.round(element.clientWidth * ratio);
    element.height = Math.round(element.clientHeight * ratio);
    const context = element.getContext('2d');
    if (!context) return;
    context.scale(ratio, ratio);
    context.lineWidth = 2.2;
    context.lineCap = 'round';
    context.lineJoin = 'round';
    context.strokeStyle = '#14213d';
  }, []);

  const point = (event: React.PointerEvent<HTMLCanvasElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    return { x: event.clientX - box.left, y: event.clientY - box.top };
  };
  const start = (event: React.PointerEvent<HTMLCanvasElement>) => {
    const context = canvas.current?.getContext('2d');
    if (!context) return;
    event.currentTarget.setPointerCapture(event.pointerId);
    drawing.current = true;
    const { x, y } = point(event);
    context.beginPath();
    context.moveTo(x, y);
    // A dot for a tap, so that a single touch leaves a mark.
    context.lineTo(x + 0.1, y + 0.1);
    context.stroke();
  };
  const move = (event: React.PointerEvent<HTMLCanvasElement>) => {
    const context = canvas.current?.getContext('2d');
    if (!drawing.current || !context) return;
    const { x, y } = point(event);
    context.lineTo(x, y);
    context.stroke();
  };
  const end = () => {
    if (!drawing.current || !canvas.current) return;
    drawing.current = false;
    setEmpty(false);
    void canvasToPng(canvas.current).then((png) => onChange.current(png));
  };
  const clear = () => {
    const element = canvas.current;
    const context = element?.getContext('2d');
    if (!element || !context) return;
    context.save();
    context.setTransform(1, 0, 0, 1, 0, 0);
    context.clearRect(0, 0, element.width, element.height);
    context.restore();
    setEmpty(true);
    onChange.current(null);
  };

  return (
    <div className="signature">
      <div className="signature-head">
        <span className="signature-label">{props.label}</span>
        <button type="button" className="link small" onClick={clear} disabled={empty}>
          Clear
        </button>
      </div>
      <canvas
        ref={canvas}
        className={empty ? 'signature-pad empty' : 'signature-pad'}
        aria-label={`${props.label}: sign here`}
        role="img"
        onPointerDown={start}
        onPointerMove={move}
        onPointerUp={end}
        onPointerCancel={end}
        onPointerLeave={end}
      />
      <div className="signature-line small muted">{empty ? 'Sign above the line' : 'Signed'}</div>
    </div>
  );
}
