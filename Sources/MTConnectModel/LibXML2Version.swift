import Foundation
internal import CLibXML2

/// The version of libxml2 the parser is linked against, as libxml2 reports it (e.g. `"20914"`).
public var libXML2Version: String {
    String(cString: mtc_xmlParserVersion())
}
