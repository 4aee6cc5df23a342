package loadgen

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/cosmos/cosmos-sdk/crypto/keys/secp256k1"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/query"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"
	govtypes "github.com/cosmos/cosmos-sdk/x/gov/types"
	govv1 "github.com/cosmos/cosmos-sdk/x/gov/types/v1"

	"github.com/corridor-chain/corridor/chain/app"
	tk "github.com/corridor-chain/corridor/x/tokenize/types"
)

// Exporters returns n Mongolian exporters to borrow and sell financed
// units: the demo's exporter and, after it, exporter-2 … exporter-n. A
// loan's units are sold only by its borrower, who co-signs every sale with
// the next sequence number of its account, so one exporter's sales are
// broadcast one after the other: n exporters sell in n streams, as n
// companies would. The extra exporters' keys are derived from their names
// (the same on every run); those not yet participants are admitted the way
// the consortium admits anyone, by an expedited governance proposal the
// validator submits and votes for.
func (g *Gen) Exporters(ctx context.Context, n int) ([]string, error) {
	names := []string{"exporter"}
	var admit []sdk.Msg
	tq := tk.NewQueryClient(g.conn)
	gov := authtypes.NewModuleAddress(govtypes.ModuleName).String()
	for i := 2; i <= n; i++ {
		name := fmt.Sprintf("exporter-%d", i)
		names = append(names, name)
		if err := g.deriveKey(ctx, name); err != nil {
			return nil, err
		}
		if p, err := tq.Participant(ctx, &tk.QueryParticipantRequest{Address: g.Addr(name)}); err == nil && p.Participant.IsActive() {
			continue
		}
		admit = append(admit, &tk.MsgRegisterParticipant{Authority: gov, Address: g.Addr(name),
			LegalName: fmt.Sprintf("Gobi Coal Exporter %d LLC", i), Country: "MN", RegistrationId: fmt.Sprintf("%07d", 5100000+i),
			Roles: []tk.RoleGrant{{Role: tk.ROLE_EXPORTER, Jurisdiction: "MN"}}})
	}
	if len(admit) > 0 {
		if err := g.pass(ctx, admit); err != nil {
			return nil, err
		}
	}
	return names, nil
}

// deriveKey puts name's key (secp256k1 from the hash of its name) in the
// generator's keyring and, if its account does not exist yet, opens it with
// a bank send from the validator; it reads the account's number and
// sequence.
func (g *Gen) deriveKey(ctx context.Context, name string) error {
	if _, ok := g.keys[name]; ok {
		return nil
	}
	seed := sha256.Sum256([]byte("corridor-loadgen " + name))
	priv := secp256k1.GenPrivKeyFromSecret(seed[:])
	if err := g.cctx.Keyring.ImportPrivKeyHex(name, hex.EncodeToString(priv.Key), "secp256k1"); err != nil {
		return err
	}
	addr := sdk.AccAddress(priv.PubKey().Address())
	aq := authtypes.NewQueryClient(g.conn)
	res, err := aq.AccountInfo(ctx, &authtypes.QueryAccountInfoRequest{Address: addr.String()})
	if err != nil {
		open := banktypes.NewMsgSend(g.keys["validator"].addr, addr, sdk.NewCoins(sdk.NewInt64Coin(app.FeeDenom, 1_000_000)))
		if err := g.runSteps(ctx, []step{{"validator", []sdk.Msg{open}}}); err != nil {
			return err
		}
		if res, err = aq.AccountInfo(ctx, &authtypes.QueryAccountInfoRequest{Address: addr.String()}); err != nil {
			return fmt.Errorf("account %s: %w", name, err)
		}
	}
	g.keys[name] = &sender{addr: addr, num: res.Info.AccountNumber, seq: res.Info.Sequence}
	return nil
}

// pass submits msgs as one expedited governance proposal with its deposit,
// votes yes with the validator (the devnet's whole stake) and waits until
// the proposal has passed.
func (g *Gen) pass(ctx context.Context, msgs []sdk.Msg) error {
	gq := govv1.NewQueryClient(g.conn)
	params, err := gq.Params(ctx, &govv1.QueryParamsRequest{ParamsType: "deposit"})
	if err != nil {
		return err
	}
	// proposal ids count up from 1: the new one follows the newest
	newest, err := gq.Proposals(ctx, &govv1.QueryProposalsRequest{Pagination: &query.PageRequest{Limit: 1, Reverse: true}})
	if err != nil {
		return err
	}
	var last uint64
	for _, p := range newest.Proposals {
		last = p.Id
	}
	submit, err := govv1.NewMsgSubmitProposal(msgs, params.Params.ExpeditedMinDeposit, g.Addr("validator"), "",
		"admit load-test exporters", "participants for the financed DVP streams", true)
	if err != nil {
		return err
	}
	if err := g.runSteps(ctx, []step{{"validator", []sdk.Msg{submit}}}); err != nil {
		return err
	}
	id := last + 1
	if err := g.runSteps(ctx, []step{{"validator", []sdk.Msg{govv1.NewMsgVote(g.keys["validator"].addr, id, govv1.OptionYes, "")}}}); err != nil {
		return err
	}
	for deadline := time.Now().Add(2 * time.Minute); time.Now().Before(deadline); time.Sleep(time.Second) {
		p, err := gq.Proposal(ctx, &govv1.QueryProposalRequest{ProposalId: id})
		if err != nil {
			return err
		}
		switch p.Proposal.Status {
		case govv1.StatusPassed:
			return nil
		case govv1.StatusRejected, govv1.StatusFailed:
			return fmt.Errorf("proposal %d ended %s: %s", id, p.Proposal.Status, p.Proposal.FailedReason)
		}
	}
	return fmt.Errorf("proposal %d did not pass in 2 minutes", id)
}
