package dev.fleetc.cli.output;

import dev.fleetc.emit.Lock;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The lock's bytes as they are serialized, never as one string: a 10,000-cluster lock is 60 MB of
 * JSON, and the string, its UTF-8 copy and the writer's buffers would be several times that.
 */
final class LockBytes {

  /** The size and digest of the bytes written. */
  record Summary(long size, String sha256) {}

  private LockBytes() {}

  /** The size and digest of the lock's JSON, computed without keeping any of it. */
  static Summary measure(Lock lock) throws IOException {
    return write(lock, OutputStream.nullOutputStream());
  }

  /** Writes the lock's JSON to {@code target}. */
  static Summary write(Lock lock, OutputStream target) throws IOException {
    MessageDigest sha256;
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
    long[] size = new long[1];
    OutputStream counted =
        new FilterOutputStream(new DigestOutputStream(target, sha256)) {
          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            size[0] += len;
            out.write(b, off, len);
          }

          @Override
          public void write(int b) throws IOException {
            size[0]++;
            out.write(b);
          }
        };
    lock.writeJson(counted);
    return new Summary(size[0], HexFormat.of().formatHex(sha256.digest()));
  }
}
