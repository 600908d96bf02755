import Foundation
import Testing

@testable import BinaryReading

@Suite struct ByteReaderTests {
  @Test func readsLittleEndianIntegers() throws {
    var reader = ByteReader([0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09])
    #expect(try reader.read(UInt16.self) == 0x0201)
    #expect(try reader.read(UInt32.self) == 0x0605_0403)
    #expect(reader.remaining == 3)
    #expect(throws: ReadError.self) { try reader.read(UInt64.self) }
  }

  @Test func sliceRejectsOverflowingRanges() throws {
    let reader = ByteReader([UInt8](repeating: 0, count: 16))
    #expect(throws: ReadError.self) { try reader.slice(at: UInt64.max - 1, count: 4) }
    #expect(throws: ReadError.self) { try reader.slice(at: 8, count: 9) }
    let inner = try reader.slice(at: 8, count: 8)
    #expect(inner.count == 8)
    #expect(inner.fileOffset(of: 0) == 8)
  }

  @Test func errorsCarryFileOffsets() throws {
    let reader = ByteReader(Data([0, 0, 0, 0]), baseOffset: 0x100)
    do {
      _ = try reader.read(UInt64.self, at: 0, "Header.field")
      Issue.record("expected an error")
    } catch {
      #expect(error.code == .truncated)
      #expect(error.offset == 0x100)
      #expect(error.description.contains("Header.field"))
    }
  }

  @Test func checkCountRejectsCountsLargerThanTheData() {
    #expect(throws: ReadError.self) {
      try checkCount(1_000_000, stride: 16, available: 100, offset: 0, "list")
    }
    #expect((try? checkCount(6, stride: 16, available: 100, offset: 0, "list")) == 6)
  }
}
