package types

import "context"

// LotHooks is told when a lot changes in a way another module may wait on:
// an attestation recorded, a hold placed or released. x/settlement uses it
// to retry, in the same block, the instructions that wait on the lot. A hook
// must do O(1) work: it runs inside the message that changed the lot.
type LotHooks interface {
	AfterLotChanged(ctx context.Context, lotID uint64) error
}
