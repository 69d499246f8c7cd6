package io.jtunnel.config;


/** Parsers for the value forms stunnel's options share; each error text is stunnel's own. */
final class Values {
    static final String YES_NO = "The argument needs to be either 'yes' or 'no'";

    private Values() {
    }

    static ValueParser yesNo() {
        return raw -> {
            if (raw.equalsIgnoreCase("yes")) {
                return Boolean.TRUE;
            }
            if (raw.equalsIgnoreCase("no")) {
                return Boolean.FALSE;
            }
            throw new OptionValueException(YES_NO);
        };
    }

    /** A file or directory name; an empty value unsets it, as in stunnel. */
    static ValueParser pathOrUnset() {
        return raw -> raw.isEmpty() ? null : raw;
    }

    /**
     * A number of seconds as stunnel reads it with {@code strtol(arg, &end, 10)}: leading blanks and a sign allowed,
     * no trailing junk. Negative means wait forever. Values that would overflow a millisecond {@code int} are
     * rejected rather than silently wrapped as in stunnel.
     */
    static ValueParser seconds(String error) {
        return raw -> {
            long value = strtol(raw, error);
            if (value > Integer.MAX_VALUE / 1000 || value < Integer.MIN_VALUE / 1000) {
                throw new OptionValueException(error + " (expected: at most " + Integer.MAX_VALUE / 1000
                    + " seconds; a negative number waits forever)");
            }
            return (int) value;
        };
    }

    static ValueParser integer(String error, long min, long max) {
        return raw -> {
            long value = strtol(raw, error);
            if (value < min || value > max) {
                throw new OptionValueException(error);
            }
            return value;
        };
    }

    static ValueParser keyword(String error, String... keywords) {
        return raw -> {
            for (String keyword : keywords) {
                if (keyword.equalsIgnoreCase(raw)) {
                    return keyword;
                }
            }
            throw new OptionValueException(error);
        };
    }

    /** C's strtol in base 10 with stunnel's check that something was read and nothing follows. */
    static long strtol(String raw, String error) throws OptionValueException {
        String s = raw.stripLeading();
        int i = 0;
        boolean negative = false;
        if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            negative = s.charAt(i) == '-';
            i++;
        }
        int digitsStart = i;
        long value = 0;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            if (value > (Long.MAX_VALUE - 9) / 10) {
                throw new OptionValueException(error);
            }
            value = value * 10 + (s.charAt(i) - '0');
            i++;
        }
        if (i == digitsStart || i != s.length()) {
            throw new OptionValueException(error);
        }
        return negative ? -value : value;
    }
}
