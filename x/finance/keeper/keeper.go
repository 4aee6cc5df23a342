package keeper

import (
	"context"
	"errors"
	"time"

	"cosmossdk.io/collections"
	"cosmossdk.io/collections/indexes"
	"cosmossdk.io/core/address"
	"cosmossdk.io/core/store"

	"github.com/cosmos/cosmos-sdk/codec"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/corridor-chain/corridor/x/finance/types"
)

// LoanIndexes are the secondary indexes of Loans, kept by every write.
type LoanIndexes struct {
	Status *indexes.Multi[int32, uint64, types.Loan]
}

// IndexesList implements collections.Indexes.
func (i LoanIndexes) IndexesList() []collections.Index[uint64, types.Loan] {
	return []collections.Index[uint64, types.Loan]{i.Status}
}

// Keeper owns the x/finance state: declarations as customs recorded them,
// financing applications and loans. It holds no coins.
type Keeper struct {
	addressCodec address.Codec
	authority    string
	bank         types.BankKeeper
	tokenize     types.TokenizeKeeper
	settlement   types.SettlementKeeper

	Schema       collections.Schema
	Params       collections.Item[types.Params]
	Declarations collections.Map[uint64, types.Declaration]
	// DeclarationByNumber: "jurisdiction|number" -> declaration id.
	DeclarationByNumber    collections.Map[string, uint64]
	DeclarationsByExporter collections.KeySet[collections.Pair[sdk.AccAddress, uint64]]
	// DeclarationsByLot: (lot, declaration) for every declared lot.
	DeclarationsByLot      collections.KeySet[collections.Pair[uint64, uint64]]
	DeclarationSeq         collections.Sequence
	Applications           collections.Map[uint64, types.Application]
	ApplicationsByBank     collections.KeySet[collections.Pair[sdk.AccAddress, uint64]]
	ApplicationsByBorrower collections.KeySet[collections.Pair[sdk.AccAddress, uint64]]
	ApplicationSeq         collections.Sequence
	// Loans, indexed by status (consensus version 2).
	Loans              *collections.IndexedMap[uint64, types.Loan, LoanIndexes]
	LoansByLender      collections.KeySet[collections.Pair[sdk.AccAddress, uint64]]
	LoansByBorrower    collections.KeySet[collections.Pair[sdk.AccAddress, uint64]]
	LoansByDeclaration collections.KeySet[collections.Pair[uint64, uint64]]
	LoanSeq            collections.Sequence
}

// NewKeeper builds the keeper; authority is the governance module account.
func NewKeeper(cdc codec.BinaryCodec, storeService store.KVStoreService, ac address.Codec, authority string,
	bank types.BankKeeper, tokenize types.TokenizeKeeper, settlement types.SettlementKeeper,
) Keeper {
	sb := collections.NewSchemaBuilder(storeService)
	addrID := collections.PairKeyCodec(sdk.AccAddressKey, collections.Uint64Key)
	idID := collections.PairKeyCodec(collections.Uint64Key, collections.Uint64Key)
	k := Keeper{
		addressCodec: ac, authority: authority, bank: bank, tokenize: tokenize, settlement: settlement,
		Params:                 collections.NewItem(sb, types.ParamsKey, "params", codec.CollValue[types.Params](cdc)),
		Declarations:           collections.NewMap(sb, types.DeclarationsKey, "declarations", collections.Uint64Key, codec.CollValue[types.Declaration](cdc)),
		DeclarationByNumber:    collections.NewMap(sb, types.DeclarationByNumberKey, "declaration_by_number", collections.StringKey, collections.Uint64Value),
		DeclarationsByExporter: collections.NewKeySet(sb, types.DeclarationsByExporterKey, "declarations_by_exporter", addrID),
		DeclarationsByLot:      collections.NewKeySet(sb, types.DeclarationsByLotKey, "declarations_by_lot", idID),
		DeclarationSeq:         collections.NewSequence(sb, types.DeclarationSeqKey, "declaration_seq"),
		Applications:           collections.NewMap(sb, types.ApplicationsKey, "applications", collections.Uint64Key, codec.CollValue[types.Application](cdc)),
		ApplicationsByBank:     collections.NewKeySet(sb, types.ApplicationsByBankKey, "applications_by_bank", addrID),
		ApplicationsByBorrower: collections.NewKeySet(sb, types.ApplicationsByBorrowerKey, "applications_by_borrower", addrID),
		ApplicationSeq:         collections.NewSequence(sb, types.ApplicationSeqKey, "application_seq"),
		Loans: collections.NewIndexedMap(sb, types.LoansKey, "loans", collections.Uint64Key, codec.CollValue[types.Loan](cdc),
			LoanIndexes{Status: indexes.NewMulti(sb, types.LoansByStatusKey, "loans_by_status", collections.Int32Key, collections.Uint64Key,
				func(_ uint64, l types.Loan) (int32, error) { return int32(l.Status), nil })}),
		LoansByLender:      collections.NewKeySet(sb, types.LoansByLenderKey, "loans_by_lender", addrID),
		LoansByBorrower:    collections.NewKeySet(sb, types.LoansByBorrowerKey, "loans_by_borrower", addrID),
		LoansByDeclaration: collections.NewKeySet(sb, types.LoansByDeclarationKey, "loans_by_declaration", idID),
		LoanSeq:            collections.NewSequence(sb, types.LoanSeqKey, "loan_seq"),
	}
	schema, err := sb.Build()
	if err != nil {
		panic(err)
	}
	k.Schema = schema
	return k
}

// Authority returns the governance account allowed to change the params.
func (k Keeper) Authority() string { return k.authority }

// GetParams returns the module parameters.
func (k Keeper) GetParams(ctx context.Context) (types.Params, error) {
	p, err := k.Params.Get(ctx)
	if err != nil && !errors.Is(err, collections.ErrNotFound) {
		return types.Params{}, err
	}
	return p, nil
}

// GetDeclaration returns a recorded declaration.
func (k Keeper) GetDeclaration(ctx context.Context, id uint64) (types.Declaration, error) {
	d, err := k.Declarations.Get(ctx, id)
	if errors.Is(err, collections.ErrNotFound) {
		return d, types.ErrDeclarationNotFound.Wrapf("declaration %d", id)
	}
	return d, err
}

// GetApplication returns an application.
func (k Keeper) GetApplication(ctx context.Context, id uint64) (types.Application, error) {
	a, err := k.Applications.Get(ctx, id)
	if errors.Is(err, collections.ErrNotFound) {
		return a, types.ErrApplicationNotFound.Wrapf("application %d", id)
	}
	return a, err
}

// GetLoan returns a loan.
func (k Keeper) GetLoan(ctx context.Context, id uint64) (types.Loan, error) {
	l, err := k.Loans.Get(ctx, id)
	if errors.Is(err, collections.ErrNotFound) {
		return l, types.ErrLoanNotFound.Wrapf("loan %d", id)
	}
	return l, err
}

// addr decodes an address already validated by the message.
func (k Keeper) addr(s string) sdk.AccAddress {
	b, _ := k.addressCodec.StringToBytes(s)
	return b
}

// newLoan stores a new loan with its indexes.
func (k Keeper) setNewLoan(ctx context.Context, l types.Loan) error {
	if err := k.Loans.Set(ctx, l.Id, l); err != nil {
		return err
	}
	if err := k.LoansByLender.Set(ctx, collections.Join(k.addr(l.Lender), l.Id)); err != nil {
		return err
	}
	if err := k.LoansByBorrower.Set(ctx, collections.Join(k.addr(l.Borrower), l.Id)); err != nil {
		return err
	}
	return k.LoansByDeclaration.Set(ctx, collections.Join(l.DeclarationId, l.Id))
}

// setNewApplication stores a new application with its indexes.
func (k Keeper) setNewApplication(ctx context.Context, a types.Application) error {
	if err := k.Applications.Set(ctx, a.Id, a); err != nil {
		return err
	}
	if err := k.ApplicationsByBank.Set(ctx, collections.Join(k.addr(a.Bank), a.Id)); err != nil {
		return err
	}
	return k.ApplicationsByBorrower.Set(ctx, collections.Join(k.addr(a.Borrower), a.Id))
}

// setNewDeclaration stores a new declaration with its indexes.
func (k Keeper) setNewDeclaration(ctx context.Context, d types.Declaration) error {
	if err := k.Declarations.Set(ctx, d.Id, d); err != nil {
		return err
	}
	if err := k.DeclarationByNumber.Set(ctx, types.NumberKey(d.Jurisdiction, d.Number), d.Id); err != nil {
		return err
	}
	if err := k.DeclarationsByExporter.Set(ctx, collections.Join(k.addr(d.Exporter), d.Id)); err != nil {
		return err
	}
	for _, l := range d.Lots {
		if err := k.DeclarationsByLot.Set(ctx, collections.Join(l.LotId, d.Id)); err != nil {
			return err
		}
	}
	return nil
}

func blockTime(ctx context.Context) time.Time { return sdk.UnwrapSDKContext(ctx).BlockTime() }

func blockHeight(ctx context.Context) int64 { return sdk.UnwrapSDKContext(ctx).BlockHeight() }

// AddressCodec returns the account address codec.
func (k Keeper) AddressCodec() address.Codec { return k.addressCodec }
