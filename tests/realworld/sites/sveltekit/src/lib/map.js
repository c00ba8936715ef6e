// Loaded only when asked for: a lazy chunk of its own.
export function describe() {
	return 'The path runs from the dune to the meadow.';
}
