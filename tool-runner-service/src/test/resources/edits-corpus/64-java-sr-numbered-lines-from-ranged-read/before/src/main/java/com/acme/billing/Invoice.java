package com.acme.billing;

import java.math.BigDecimal;

public final class Invoice {
  private final BigDecimal net;
  private final BigDecimal taxRate;

  public Invoice(BigDecimal net, BigDecimal taxRate) {
    this.net = net;
    this.taxRate = taxRate;
  }

  public BigDecimal gross() {
    return net.add(net.multiply(taxRate));
  }
}
