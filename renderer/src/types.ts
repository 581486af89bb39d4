// Contract types the window uses, in one place.
import type { RouteChangeRequest } from '../../app/api/contract.ts';

export type { RouteRecord } from '../../app/model/snapshot.ts';
export type { SentinelResult } from '../../app/model/sentinel.ts';
export type RequestChange = RouteChangeRequest;
