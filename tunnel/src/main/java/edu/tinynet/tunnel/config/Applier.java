package edu.tinynet.tunnel.config;

/** Stores a parsed value into a draft ({@link ServiceDraft} or {@link GlobalDraft}). */
@FunctionalInterface
interface Applier<D, T> {
    void apply(D draft, T value) throws OptionValueException;
}
