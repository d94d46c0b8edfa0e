// Terminal output for the dev command and the test runner: one colour per source.
const colours = [36, 35, 33, 32, 34, 31, 96, 95];
const assigned = new Map<string, number>();
const useColour = process.stdout.isTTY && !process.env.NO_COLOR;

function paint(code: number, text: string): string {
  return useColour ? `\u001b[${code}m${text}\u001b[0m` : text;
}

export const bold = (text: string) => paint(1, text);
export const red = (text: string) => paint(31, text);
export const green = (text: string) => paint(32, text);
export const dim = (text: string) => paint(2, text);

/** A line printer that prefixes every line with `[name]` in the source's own colour. */
export function prefixed(name: string): (line: string) => void {
  if (!assigned.has(name)) assigned.set(name, colours[assigned.size % colours.length] ?? 36);
  const tag = paint(assigned.get(name) ?? 36, `[${name}]`.padEnd(10));
  return (line: string) => {
    if (line.trim()) process.stdout.write(`${tag} ${readable(line)}\n`);
  };
}

/** pino/Ponder JSON lines become "level msg"; anything else is printed as it is. */
function readable(line: string): string {
  if (!line.startsWith("{")) return line;
  try {
    const entry = JSON.parse(line) as { level?: number | string; msg?: string; message?: string };
    const text = entry.msg ?? entry.message;
    if (text === undefined) return line;
    const level =
      typeof entry.level === "number"
        ? ({ 40: "warn", 50: "error", 60: "fatal" } as Record<number, string>)[entry.level]
        : entry.level;
    return level && level !== "info" ? `${level}: ${text}` : text;
  } catch {
    return line;
  }
}
