/**
 * A whole number given on a benchmark's command line, within bounds; anything else ends the run
 * with the option's name, what was expected and the usage, exit code 2.
 */
export function wholeNumberOption(usage: string) {
  return (name: string, text: string, low: number, high: number): number => {
    const value = Number(text);
    if (!Number.isInteger(value) || value < low || value > high) {
      console.error(`--${name}: expected a whole number from ${low} to ${high}, got "${text}"\n\n${usage}`);
      process.exit(2);
    }
    return value;
  };
}
