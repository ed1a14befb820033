/// Reads an element and everything inside it into a ``GenericElement``. Used for the
/// small documents (probe, assets, errors), which are then mapped onto the typed model.
struct GenericTreeReader {
    let reader: XMLReader

    /// Reads the element the reader is on, leaving the reader on its end.
    func readElement() throws(MTConnectParseError) -> GenericElement {
        var element = GenericElement(name: reader.name.string, namespace: reader.namespaceURI)
        let empty = reader.isEmptyElement
        let depth = reader.depth
        while reader.nextAttribute() {
            element.attributes.append(.init(name: reader.name.string, namespace: reader.namespaceURI, value: reader.value))
        }
        reader.moveToElement()
        if empty {
            return element
        }
        var text = ""
        while try reader.read() {
            switch reader.kind {
            case .element:
                element.children.append(try readElement())
            case .text:
                text += reader.value
            case .endElement where reader.depth == depth:
                element.text = StreamsParser.trimmed(text)
                return element
            default:
                break
            }
        }
        throw reader.error(.malformedXML, "the document ends inside <\(element.name)>")
    }
}
