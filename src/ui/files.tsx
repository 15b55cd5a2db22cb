// Files in and out of the page: a download of generated text, and a file picker that hands the
// chosen file over (and clears itself, so the same file can be chosen again).

/** Save `text` as a file named `name` (the SVG export attaches the link to the page: Firefox wants it). */
export function download(name: string, text: string, type = 'application/json'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function FileInput({ label, accept, testid, onFile }: { label: string; accept: string; testid: string; onFile: (file: File) => void | Promise<void> }) {
  return (
    <label>
      {label}{' '}
      <input
        type="file"
        accept={accept}
        data-testid={testid}
        onChange={async (e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) await onFile(file);
        }}
      />
    </label>
  );
}
