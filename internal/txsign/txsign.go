// Package txsign signs a transaction for one or several signers in
// SIGN_MODE_DIRECT with keys from a keyring.
//
// The SDK's client.Sign refuses a second DIRECT signer because each DIRECT
// signature covers the AuthInfo, which holds every signer's info: adding a
// signer afterwards invalidates the earlier signatures. Sign therefore sets
// every signer's info first and then has each key sign the same bytes, which
// is how a co-signed transaction (a bilateral trade, say) is put together.
package txsign

import (
	"context"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/crypto/keyring"
	"github.com/cosmos/cosmos-sdk/types/tx/signing"
	authsigning "github.com/cosmos/cosmos-sdk/x/auth/signing"
)

// Signer is a keyring key with its account number and next sequence.
type Signer struct {
	Name          string
	AccountNumber uint64
	Sequence      uint64
}

// Sign signs txb for every signer, in the order the messages name them.
func Sign(ctx context.Context, cfg client.TxConfig, kr keyring.Keyring, chainID string, txb client.TxBuilder, signers ...Signer) error {
	sigs := make([]signing.SignatureV2, len(signers))
	data := make([]authsigning.SignerData, len(signers))
	for i, s := range signers {
		rec, err := kr.Key(s.Name)
		if err != nil {
			return err
		}
		pub, err := rec.GetPubKey()
		if err != nil {
			return err
		}
		addr, err := rec.GetAddress()
		if err != nil {
			return err
		}
		sigs[i] = signing.SignatureV2{PubKey: pub, Sequence: s.Sequence,
			Data: &signing.SingleSignatureData{SignMode: signing.SignMode_SIGN_MODE_DIRECT}}
		data[i] = authsigning.SignerData{ChainID: chainID, AccountNumber: s.AccountNumber, Sequence: s.Sequence,
			PubKey: pub, Address: addr.String()}
	}
	if err := txb.SetSignatures(sigs...); err != nil {
		return err
	}
	for i, s := range signers {
		bz, err := authsigning.GetSignBytesAdapter(ctx, cfg.SignModeHandler(), signing.SignMode_SIGN_MODE_DIRECT, data[i], txb.GetTx())
		if err != nil {
			return err
		}
		sig, _, err := kr.Sign(s.Name, bz, signing.SignMode_SIGN_MODE_DIRECT)
		if err != nil {
			return err
		}
		sigs[i].Data = &signing.SingleSignatureData{SignMode: signing.SignMode_SIGN_MODE_DIRECT, Signature: sig}
	}
	return txb.SetSignatures(sigs...)
}
