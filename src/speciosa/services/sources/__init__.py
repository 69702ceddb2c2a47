"""Safe use, sources (mission 3): vendors, products, batches and purchases, lab certificates
(COAs), their review and the trust rule that decides a purchase's verdict."""
