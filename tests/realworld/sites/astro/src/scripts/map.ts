// Loaded only when asked for: a lazy chunk of its own.
export function drawMap(where: HTMLElement | null) {
	if (where)
		where.textContent = 'The path runs from the dune to the meadow.';
}
