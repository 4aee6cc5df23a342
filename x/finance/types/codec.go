package types

import (
	"github.com/cosmos/cosmos-sdk/codec"
	"github.com/cosmos/cosmos-sdk/codec/legacy"
	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/msgservice"
	"github.com/cosmos/gogoproto/proto"
)

// RegisterInterfaces registers the module's messages.
func RegisterInterfaces(ir codectypes.InterfaceRegistry) {
	ir.RegisterImplementations((*sdk.Msg)(nil), Msgs()...)
	msgservice.RegisterMsgServiceDesc(ir, &_Msg_serviceDesc)
}

// RegisterLegacyAminoCodec registers the amino names used for ledger signing;
// each name is the message's amino.name option.
func RegisterLegacyAminoCodec(cdc *codec.LegacyAmino) {
	for _, m := range Msgs() {
		legacy.RegisterAminoMsg(cdc, m, "finance/"+proto.MessageName(m)[len("corridor.finance.v1."):])
	}
	cdc.RegisterConcrete(&Params{}, "corridor/x/finance/Params", nil)
}

// Msgs are the module's messages.
func Msgs() []sdk.Msg {
	return []sdk.Msg{
		&MsgUpdateParams{}, &MsgRecordDeclaration{}, &MsgApplyFinancing{}, &MsgApproveFinancing{},
		&MsgRejectFinancing{}, &MsgRepayFinancing{}, &MsgRefinance{}, &MsgClaimCollateral{}, &MsgWithdrawApplication{},
	}
}
