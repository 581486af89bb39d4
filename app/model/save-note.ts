// What a save says besides "saved" (every front end words it the same): the ids it wrote out so that
// they do not move, and, after a rename, the places in the file that still name the old id.
export interface SaveCare {
  /** The files the save wrote. */
  files: readonly string[];
  pinned: readonly string[];
  references: ReadonlyArray<{ oldId: string; file: string; paths: readonly string[]; updated: boolean }>;
}

/** One sentence per fact; `toUpdate` is how this front end renames the remaining mentions in the route's own file too. */
export function saveNotes(answer: SaveCare, toUpdate: string): string[] {
  const notes: string[] = [];
  const n = answer.pinned.length;
  if (n) notes.push(`Wrote the id${n > 1 ? 's' : ''} ${answer.pinned.join(', ')} into the file as Droid derived ${n > 1 ? 'them' : 'it'} (from display names and order), so that the change does not move ${n > 1 ? 'them' : 'it'}.`);
  for (const r of answer.references) {
    const how = answer.files.includes(r.file) ? toUpdate : 'Change it there too.';
    notes.push(r.updated ? `Also renamed ${r.oldId} where ${r.file} names it: ${r.paths.join(', ')}.` : `${r.file} still names ${r.oldId} at ${r.paths.join(', ')}, an id no route has now: Droid answers "Invalid model" where it is used. ${how}`);
  }
  return notes;
}
