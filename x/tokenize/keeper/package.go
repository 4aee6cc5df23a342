package keeper

import (
	"context"
	"errors"
	"fmt"

	"cosmossdk.io/collections"

	sdk "github.com/cosmos/cosmos-sdk/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"

	"github.com/corridor-chain/corridor/internal/keeperkit"
	"github.com/corridor-chain/corridor/x/tokenize/types"
)

// GetPackage returns a package.
func (k Keeper) GetPackage(ctx context.Context, id uint64) (types.Package, error) {
	p, err := k.Packages.Get(ctx, id)
	if errors.Is(err, collections.ErrNotFound) {
		return p, types.ErrPackageNotFound.Wrapf("package %d", id)
	}
	return p, err
}

// CreatePackage locks lot units in the module account and mints shares.
func (s msgServer) CreatePackage(ctx context.Context, msg *types.MsgCreatePackage) (*types.MsgCreatePackageResponse, error) {
	if err := msg.Validate(s.k.addressCodec); err != nil {
		return nil, err
	}
	if _, err := s.k.ActiveParticipant(ctx, msg.Holder); err != nil {
		return nil, err
	}
	params, err := s.k.GetParams(ctx)
	if err != nil {
		return nil, err
	}
	if len(msg.Components) > int(params.MaxParts) {
		return nil, types.ErrInvalidPackage.Wrapf("a package holds at most %d lots, got %d", params.MaxParts, len(msg.Components))
	}
	holder, _ := s.k.addressCodec.StringToBytes(msg.Holder)
	locked := sdk.NewCoins()
	for _, c := range msg.Components {
		if _, err := s.k.liveLot(ctx, c.LotId); err != nil {
			return nil, err
		}
		denom := types.LotDenom(c.LotId)
		if bal := s.k.bank.GetBalance(ctx, holder, denom); bal.Amount.LT(c.Amount) {
			return nil, types.ErrInvalidAmount.Wrapf("holder has %s of %s, asked to package %s", bal.Amount, denom, c.Amount)
		}
		locked = locked.Add(sdk.NewCoin(denom, c.Amount))
	}
	if err := s.k.bank.SendCoinsFromAccountToModule(ctx, holder, types.ModuleName, locked); err != nil {
		return nil, err
	}
	id, err := keeperkit.NextID(ctx, s.k.PackageSeq)
	if err != nil {
		return nil, err
	}
	pkg := types.Package{Id: id, Creator: msg.Holder, Components: msg.Components, Shares: msg.Shares, CreatedHeight: height(ctx)}
	if err := s.k.Packages.Set(ctx, id, pkg); err != nil {
		return nil, err
	}
	denom := types.PackageDenom(id)
	shares := sdk.NewCoins(sdk.NewCoin(denom, msg.Shares))
	if err := s.k.bank.MintCoins(ctx, types.ModuleName, shares); err != nil {
		return nil, err
	}
	s.k.bank.SetDenomMetaData(ctx, banktypes.Metadata{
		Description: fmt.Sprintf("shares of asset package %d", id),
		DenomUnits:  []*banktypes.DenomUnit{{Denom: denom, Exponent: 0}},
		Base:        denom, Display: denom, Name: fmt.Sprintf("package %d", id), Symbol: fmt.Sprintf("PKG-%d", id),
	})
	if err := s.k.bank.SendCoinsFromModuleToAccount(ctx, types.ModuleName, holder, shares); err != nil {
		return nil, err
	}
	return &types.MsgCreatePackageResponse{PackageId: id, Denom: denom}, keeperkit.Emit(ctx, &types.EventPackageCreated{Package: pkg, Denom: denom})
}

// RedeemPackage burns shares and pays the pro rata lot units (rounded down;
// the remainders stay in the package and go to whoever redeems the last share).
func (s msgServer) RedeemPackage(ctx context.Context, msg *types.MsgRedeemPackage) (*types.MsgRedeemPackageResponse, error) {
	if err := msg.Validate(s.k.addressCodec); err != nil {
		return nil, err
	}
	if _, err := s.k.ActiveParticipant(ctx, msg.Holder); err != nil {
		return nil, err
	}
	pkg, err := s.k.GetPackage(ctx, msg.PackageId)
	if err != nil {
		return nil, err
	}
	holder, _ := s.k.addressCodec.StringToBytes(msg.Holder)
	denom := types.PackageDenom(pkg.Id)
	if bal := s.k.bank.GetBalance(ctx, holder, denom); bal.Amount.LT(msg.Shares) {
		return nil, types.ErrInvalidAmount.Wrapf("holder has %s shares, asked to redeem %s", bal.Amount, msg.Shares)
	}
	paid, err := packagePayout(pkg, msg.Shares)
	if err != nil {
		return nil, err
	}
	if err := s.k.burn(ctx, holder, sdk.NewCoins(sdk.NewCoin(denom, msg.Shares))); err != nil {
		return nil, err
	}
	if err := s.k.bank.SendCoinsFromModuleToAccount(ctx, types.ModuleName, holder, paid); err != nil {
		return nil, err
	}
	for i, c := range pkg.Components {
		pkg.Components[i].Amount = c.Amount.Sub(paid.AmountOf(types.LotDenom(c.LotId)))
	}
	pkg.Shares = pkg.Shares.Sub(msg.Shares)
	if err := s.k.Packages.Set(ctx, pkg.Id, pkg); err != nil {
		return nil, err
	}
	return &types.MsgRedeemPackageResponse{Paid: paid}, keeperkit.Emit(ctx, &types.EventPackageRedeemed{
		PackageId: pkg.Id, Holder: msg.Holder, Shares: msg.Shares, Paid: paid,
	})
}
