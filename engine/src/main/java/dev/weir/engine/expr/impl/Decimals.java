package dev.weir.engine.expr.impl;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Fitting BigDecimal values to a DECIMAL(p, s) type. */
final class Decimals {
    private Decimals() {
    }

    /** The value rounded half-up to the scale, or null when it then has more than p digits. */
    static BigDecimal fit(BigDecimal value, int precision, int scale) {
        BigDecimal scaled = value.scale() == scale ? value : value.setScale(scale, RoundingMode.HALF_UP);
        return scaled.precision() - scaled.scale() > precision - scale && scaled.signum() != 0 ? null : scaled;
    }
}
