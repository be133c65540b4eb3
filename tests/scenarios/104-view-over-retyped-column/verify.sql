SELECT id, note FROM pending_orders
