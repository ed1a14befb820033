import Foundation
internal import CLibXML2

/// The speed floor the parsers are measured against: a bare `xmlTextReader` loop over the
/// same options that touches every element name, attribute name and value, and text, and
/// builds nothing. Public only to the benchmarks.
@_spi(Benchmarks)
public enum XMLReaderBaseline {
    /// Reads the whole document and returns a checksum of what it touched, so the work
    /// cannot be optimised away. Returns nil when the document is malformed.
    public static func touchEverything(_ bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer { buffer -> Int? in
            guard let base = buffer.baseAddress,
                  let reader = base.withMemoryRebound(to: CChar.self, capacity: buffer.count, {
                      xmlReaderForMemory($0, Int32(buffer.count), nil, nil,
                                         Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOCDATA.rawValue
                                               | XML_PARSE_COMPACT.rawValue | XML_PARSE_BIG_LINES.rawValue))
                  }) else { return nil }
            defer { xmlFreeTextReader(reader) }
            func touch(_ text: UnsafePointer<xmlChar>?) -> Int {
                guard let text else { return 0 }
                return text.withMemoryRebound(to: CChar.self, capacity: 1) { strlen($0) } &+ Int(text.pointee)
            }
            var checksum = 0
            while true {
                let status = xmlTextReaderRead(reader)
                if status == 0 { return checksum }
                if status < 0 { return nil }
                switch xmlTextReaderNodeType(reader) {
                case Int32(XML_READER_TYPE_ELEMENT.rawValue):
                    checksum &+= touch(xmlTextReaderConstLocalName(reader))
                    while xmlTextReaderMoveToNextAttribute(reader) == 1 {
                        checksum &+= touch(xmlTextReaderConstLocalName(reader)) &+ touch(xmlTextReaderConstValue(reader))
                    }
                    xmlTextReaderMoveToElement(reader)
                case Int32(XML_READER_TYPE_TEXT.rawValue), Int32(XML_READER_TYPE_CDATA.rawValue):
                    checksum &+= touch(xmlTextReaderConstValue(reader))
                default:
                    break
                }
            }
        }
    }
}
