// Contract types the window uses, in one place.
import type { RouteChangeRequest } from '../../app/api/contract.ts';

export type { RouteView, SentinelResultView } from '../../app/api/contract.ts';
export type RequestChange = RouteChangeRequest;
