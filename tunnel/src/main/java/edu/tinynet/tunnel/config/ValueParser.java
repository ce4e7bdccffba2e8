package edu.tinynet.tunnel.config;

/** Turns an option's text into a typed value, or explains why it can't. */
@FunctionalInterface
interface ValueParser<T> {
    T parse(String value, ValueContext ctx) throws OptionValueException;
}
