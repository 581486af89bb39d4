// A commander option that may be given more than once (--route A --route B).
export const collect = (value: string, previous: string[] = []): string[] => [...previous, value];
