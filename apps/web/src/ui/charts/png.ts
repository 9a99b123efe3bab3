/**
 * The PNG export of a chart: the canvas ECharts draws, framed by the chart's title above and a footer below (the
 * filters and the period the figures are for, so that an image pasted in a report says what it shows), on the
 * page's background. `scale` is the export's pixel ratio.
 */
export async function framedPng(input: {
  chart: string;
  title: string;
  footer: string[];
  background: string;
  text: string;
  dimmed: string;
  fontFamily: string;
  scale: number;
}): Promise<string> {
  const image = new Image();
  image.src = input.chart;
  await image.decode();
  const s = input.scale;
  const pad = 16 * s;
  const titleHeight = 28 * s;
  const lineHeight = 18 * s;
  const canvas = document.createElement('canvas');
  canvas.width = image.width + 2 * pad;
  canvas.height = pad + titleHeight + image.height + pad / 2 + input.footer.length * lineHeight + pad;
  const ctx = canvas.getContext('2d');
  if (!ctx) return input.chart;
  ctx.fillStyle = input.background;
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.textBaseline = 'top';
  ctx.fillStyle = input.text;
  ctx.font = `600 ${15 * s}px ${input.fontFamily}`;
  ctx.fillText(input.title, pad, pad, canvas.width - 2 * pad);
  ctx.drawImage(image, pad, pad + titleHeight);
  ctx.fillStyle = input.dimmed;
  ctx.font = `${12 * s}px ${input.fontFamily}`;
  input.footer.forEach((line, i) => {
    ctx.fillText(line, pad, pad + titleHeight + image.height + pad / 2 + i * lineHeight, canvas.width - 2 * pad);
  });
  return canvas.toDataURL('image/png');
}
