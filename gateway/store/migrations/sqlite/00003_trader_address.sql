-- +goose Up
-- the column holds the trader: the exporter of an export declaration, the
-- importer (consignee) of an import one
ALTER TABLE declarations RENAME COLUMN exporter_address TO trader_address;

-- +goose Down
ALTER TABLE declarations RENAME COLUMN trader_address TO exporter_address;
