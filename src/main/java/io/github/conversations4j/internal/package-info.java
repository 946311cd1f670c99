/**
 * The SDK's machinery: transport, codec, validation, error mapping. Not part of the public API; anything here
 * may change in any release.
 */
package io.github.conversations4j.internal;
