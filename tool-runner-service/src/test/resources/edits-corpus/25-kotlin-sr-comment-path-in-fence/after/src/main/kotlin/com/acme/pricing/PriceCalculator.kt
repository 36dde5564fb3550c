package com.acme.pricing

import java.math.BigDecimal
import java.math.RoundingMode

class PriceCalculator(private val taxRate: BigDecimal) {

    fun gross(net: BigDecimal): BigDecimal =
        net.multiply(taxRate.add(BigDecimal.ONE)).setScale(2, RoundingMode.HALF_UP)

    fun discount(price: BigDecimal, percent: Int): BigDecimal {
        require(percent in 0..100) { "percent must be between 0 and 100" }
        val factor = BigDecimal(100 - percent).divide(BigDecimal(100))
        return price.multiply(factor).setScale(2, RoundingMode.HALF_UP)
    }
}
