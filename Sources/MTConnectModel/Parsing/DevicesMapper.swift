/// Maps the generic tree of an `MTConnectDevices` document onto the typed model.
enum DevicesMapper {
    static func document(_ root: GenericElement, version: MTConnectVersion?) throws(MTConnectParseError) -> DevicesDocument {
        var document = DevicesDocument(header: Header(), version: version)
        for child in root.children {
            switch child.name {
            case "Header":
                document.header = Header(attributes: child.attributes)
            case "Devices":
                for device in child.children {
                    document.devices.append(try self.device(device))
                }
            default:
                document.otherElements.append(child)
            }
        }
        if document.version == nil, let text = document.header.version {
            document.version = MTConnectVersion(text)
        }
        return document
    }

    static func device(_ element: GenericElement) throws(MTConnectParseError) -> Device {
        let parts = try componentParts(element)
        var device = Device(elementName: element.name, id: try required("id", of: element),
                            description: parts.description, dataItems: parts.dataItems,
                            components: parts.components, compositions: parts.compositions,
                            otherElements: parts.otherElements)
        for attribute in element.attributes {
            switch attribute.name {
            case "id": break
            case "name": device.name = attribute.value
            case "uuid": device.uuid = attribute.value
            case "mtconnectVersion": device.mtconnectVersion = attribute.value
            default: device.otherAttributes[attribute.name] = attribute.value
            }
        }
        return device
    }

    static func component(_ element: GenericElement) throws(MTConnectParseError) -> Component {
        let parts = try componentParts(element)
        var component = Component(type: element.name, id: try required("id", of: element),
                                  description: parts.description, dataItems: parts.dataItems,
                                  components: parts.components, compositions: parts.compositions,
                                  otherElements: parts.otherElements)
        for attribute in element.attributes {
            switch attribute.name {
            case "id": break
            case "name": component.name = attribute.value
            case "nativeName": component.nativeName = attribute.value
            case "uuid": component.uuid = attribute.value
            default: component.otherAttributes[attribute.name] = attribute.value
            }
        }
        return component
    }

    private struct ComponentParts {
        var description: ComponentDescription?
        var dataItems: [DataItem] = []
        var components: [Component] = []
        var compositions: [Composition] = []
        var otherElements: [GenericElement] = []
    }

    private static func componentParts(_ element: GenericElement) throws(MTConnectParseError) -> ComponentParts {
        var parts = ComponentParts()
        for child in element.children {
            switch child.name {
            case "Description":
                parts.description = ComponentDescription(
                    manufacturer: child[attribute: "manufacturer"], model: child[attribute: "model"],
                    serialNumber: child[attribute: "serialNumber"], station: child[attribute: "station"],
                    text: child.text)
            case "DataItems":
                for item in child.children where item.name == "DataItem" {
                    parts.dataItems.append(try dataItem(item))
                }
            case "Components":
                for component in child.children {
                    parts.components.append(try self.component(component))
                }
            case "Compositions":
                for composition in child.children where composition.name == "Composition" {
                    parts.compositions.append(Composition(
                        id: try required("id", of: composition), type: composition[attribute: "type"] ?? "",
                        name: composition[attribute: "name"], uuid: composition[attribute: "uuid"]))
                }
            default:
                parts.otherElements.append(child)
            }
        }
        return parts
    }

    static func dataItem(_ element: GenericElement) throws(MTConnectParseError) -> DataItem {
        let id = try required("id", of: element)
        let categoryText = try required("category", of: element)
        guard let category = DataItemCategory(rawValue: categoryText) else {
            throw MTConnectParseError(.invalidValue,
                "data item '\(id)' has category '\(categoryText)'; expected SAMPLE, EVENT or CONDITION")
        }
        var item = DataItem(id: id, category: category, type: try required("type", of: element))
        for attribute in element.attributes {
            let value = attribute.value
            switch attribute.name {
            case "id", "category", "type": break
            case "subType": item.subType = value
            case "name": item.name = value
            case "units": item.units = value
            case "nativeUnits": item.nativeUnits = value
            case "nativeScale": item.nativeScale = Double(value)
            case "representation": item.representation = Representation(value)
            case "statistic": item.statistic = value
            case "coordinateSystem": item.coordinateSystem = value
            case "compositionId": item.compositionId = value
            case "sampleRate": item.sampleRate = Double(value)
            case "discrete": item.discrete = value == "true"
            default: item.otherAttributes[attribute.name] = value
            }
        }
        for child in element.children {
            switch child.name {
            case "Constraints":
                var constraints = item.constraints ?? DataItemConstraints()
                for constraint in child.children {
                    switch constraint.name {
                    case "Minimum": constraints.minimum = Double(constraint.text)
                    case "Maximum": constraints.maximum = Double(constraint.text)
                    case "Nominal": constraints.nominal = Double(constraint.text)
                    case "Value": constraints.values.append(constraint.text)
                    case "Filter": constraints.filters.append(contentsOf: filter(constraint).map { [$0] } ?? [])
                    default: break
                    }
                }
                item.constraints = constraints
            case "Filters":
                var constraints = item.constraints ?? DataItemConstraints()
                constraints.filters.append(contentsOf: child.children.compactMap(filter))
                item.constraints = constraints
            default:
                item.otherElements.append(child)
            }
        }
        return item
    }

    private static func filter(_ element: GenericElement) -> DataItemConstraints.Filter? {
        Double(element.text).map { DataItemConstraints.Filter(type: element[attribute: "type"] ?? "MINIMUM_DELTA", value: $0) }
    }

    static func required(_ attribute: String, of element: GenericElement) throws(MTConnectParseError) -> String {
        guard let value = element[attribute: attribute] else {
            let id = element[attribute: "id"].map { " '\($0)'" } ?? ""
            throw MTConnectParseError(.missingAttribute, "<\(element.name)>\(id) has no \(attribute) attribute")
        }
        return value
    }
}
