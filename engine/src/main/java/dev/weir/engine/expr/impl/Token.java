package dev.weir.engine.expr.impl;

/** A lexical token; {@code text} is the identifier (unquoted), literal body or symbol. */
record Token(Kind kind, String text, int start, int end) {
    enum Kind {
        /** A bare word: a name or a keyword, told apart by the parser from context. */
        WORD,
        /** A `backquoted` name, never a keyword. */
        QUOTED_NAME,
        INTEGER,
        /** A number with a point and no exponent: an exact DECIMAL. */
        DECIMAL,
        /** A number with an exponent: an approximate DOUBLE. */
        APPROXIMATE,
        STRING,
        SYMBOL,
        END
    }

    boolean isWord(String word) {
        return kind == Kind.WORD && text.equalsIgnoreCase(word);
    }

    boolean isSymbol(String symbol) {
        return kind == Kind.SYMBOL && text.equals(symbol);
    }
}
