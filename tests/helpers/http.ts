import sharp from 'sharp';

/** Serialise a multipart form exactly as a browser would (via the platform's Request). */
export async function multipart(
  fields: Record<string, string>,
  files: { name?: string; filename: string; type: string; bytes: Buffer }[] = [],
) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  for (const f of files)
    form.append(f.name ?? 'photos', new Blob([new Uint8Array(f.bytes)], { type: f.type }), f.filename);
  const req = new Request('http://localhost/', { method: 'POST', body: form });
  return {
    payload: Buffer.from(await req.arrayBuffer()),
    headers: { 'content-type': req.headers.get('content-type')! },
  };
}

/** A small JPEG photo carrying EXIF with a GPS position and a camera model, like a phone's. */
export async function jpegWithGps(seed = 0): Promise<Buffer> {
  return sharp({
    create: { width: 64, height: 48, channels: 3, background: { r: 120 + seed, g: 80, b: 40 } },
  })
    .jpeg()
    .withExif({
      IFD0: { Make: 'TestPhone', Model: 'Otklik Cam', Copyright: 'Иванов Иван' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '55/1 47/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '49/1 7/1 0/1' },
    })
    .toBuffer();
}

export async function png(): Promise<Buffer> {
  return sharp({ create: { width: 10, height: 10, channels: 4, background: '#33669980' } })
    .png()
    .toBuffer();
}
