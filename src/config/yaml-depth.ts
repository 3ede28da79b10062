/**
 * An upper estimate of how deeply a YAML text nests, from its indentation, its `- ` and `? `
 * entries and its flow brackets, without parsing it. The YAML parser recurses per level: a body of
 * ten thousand `- - - ...` overflows its stack, and deep inside V8 that can abort the process
 * instead of throwing. Texts deeper than the limit are refused before they reach the parser.
 */
export function estimateYamlDepth(text: string): number {
  const indents: number[] = [];
  let deepest = 0;
  let flow = 0;
  let deepestFlow = 0;
  for (const line of text.split("\n")) {
    let column = 0;
    while (line[column] === " ") column++;
    if (column === line.length || line[column] === "#") continue;
    while (indents.length > 0 && (indents.at(-1) as number) >= column) indents.pop();
    indents.push(column);
    while ((line[column] === "-" || line[column] === "?") && (line[column + 1] === " " || line[column + 1] === "\t")) {
      column += 2;
      while (line[column] === " ") column++;
      indents.push(column);
    }
    deepest = Math.max(deepest, indents.length);
    let quote: string | undefined;
    for (let index = column; index < line.length; index++) {
      const char = line[index];
      if (quote) {
        if (char === quote) quote = undefined;
      } else if (char === '"' || char === "'") quote = char;
      else if (char === "#" && line[index - 1] === " ") break;
      else if (char === "[" || char === "{") deepestFlow = Math.max(deepestFlow, ++flow);
      else if ((char === "]" || char === "}") && flow > 0) flow--;
    }
  }
  return deepest + deepestFlow;
}
