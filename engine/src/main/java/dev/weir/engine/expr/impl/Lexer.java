package dev.weir.engine.expr.impl;

import dev.weir.engine.expr.PlanException;
import java.util.ArrayList;
import java.util.List;

/** Splits expression text into tokens; errors name the position. */
final class Lexer {
    private final String text;
    private int pos;

    private Lexer(String text) {
        this.text = text;
    }

    static List<Token> tokenize(String text) {
        return new Lexer(text).all();
    }

    private List<Token> all() {
        List<Token> tokens = new ArrayList<>();
        while (true) {
            skipSpaceAndComments();
            if (pos >= text.length()) {
                tokens.add(new Token(Token.Kind.END, "", pos, pos));
                return tokens;
            }
            tokens.add(next());
        }
    }

    private Token next() {
        int start = pos;
        char c = text.charAt(pos);
        if (Character.isLetter(c) || c == '_' || c == '$') {
            while (pos < text.length() && isWordPart(text.charAt(pos))) {
                pos++;
            }
            return new Token(Token.Kind.WORD, text.substring(start, pos), start, pos);
        }
        if (Character.isDigit(c) || (c == '.' && pos + 1 < text.length() && Character.isDigit(text.charAt(pos + 1)))) {
            return number(start);
        }
        if (c == '\'') {
            return quoted(start, '\'', Token.Kind.STRING, "string literal");
        }
        if (c == '`') {
            return quoted(start, '`', Token.Kind.QUOTED_NAME, "quoted name");
        }
        for (String symbol : new String[] {"<>", "!=", "<=", ">=", "||"}) {
            if (text.startsWith(symbol, pos)) {
                pos += 2;
                return new Token(Token.Kind.SYMBOL, symbol, start, pos);
            }
        }
        if ("+-*/%=<>(),.".indexOf(c) >= 0) {
            pos++;
            return new Token(Token.Kind.SYMBOL, String.valueOf(c), start, pos);
        }
        throw new PlanException("Cannot parse '" + text + "' at position " + pos + ": unexpected character '" + c + "'");
    }

    private static boolean isWordPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }

    private Token number(int start) {
        boolean point = false;
        boolean exponent = false;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (Character.isDigit(c)) {
                pos++;
            } else if (c == '.' && !point && !exponent) {
                point = true;
                pos++;
            } else if ((c == 'e' || c == 'E') && !exponent && hasExponentDigits()) {
                exponent = true;
                pos += text.charAt(pos + 1) == '+' || text.charAt(pos + 1) == '-' ? 2 : 1;
            } else {
                break;
            }
        }
        Token.Kind kind = exponent ? Token.Kind.APPROXIMATE : point ? Token.Kind.DECIMAL : Token.Kind.INTEGER;
        return new Token(kind, text.substring(start, pos), start, pos);
    }

    private boolean hasExponentDigits() {
        int i = pos + 1;
        if (i < text.length() && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
            i++;
        }
        return i < text.length() && Character.isDigit(text.charAt(i));
    }

    /** A quoted token; a doubled quote character stands for itself. */
    private Token quoted(int start, char quote, Token.Kind kind, String what) {
        StringBuilder body = new StringBuilder();
        pos++;
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c != quote) {
                body.append(c);
            } else if (pos < text.length() && text.charAt(pos) == quote) {
                body.append(quote);
                pos++;
            } else {
                return new Token(kind, body.toString(), start, pos);
            }
        }
        throw new PlanException("Cannot parse '" + text + "': unterminated " + what + " starting at position " + start);
    }

    private void skipSpaceAndComments() {
        while (pos < text.length()) {
            if (Character.isWhitespace(text.charAt(pos))) {
                pos++;
            } else if (text.startsWith("--", pos)) {
                while (pos < text.length() && text.charAt(pos) != '\n') {
                    pos++;
                }
            } else {
                return;
            }
        }
    }
}
