"""salessim: an offline sales-training simulator for key-account selling."""
