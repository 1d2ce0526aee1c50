"""Write the validation test documents: fixtures/minimal.xml and rules/<rule-id>/*.xml.

Run by hand from the repository (``python tests/validate/make_cases.py``) after changing the
rules, the fixture transcript or the encoder; review the diff and commit the documents.

Every document is made from the encoding of fixtures/minimal.md with fixtures/minimal.yaml:
``pass*.xml`` must give no finding at all, ``fail*.xml`` must give findings of exactly the
directory's rule, on exactly the lines marked with a comment ``<!--expect: RULE-->`` (a marker
stands on the line of the element it concerns; comments change neither the schema's verdict nor
the text's readings).
"""

from __future__ import annotations

import copy
import shutil
from pathlib import Path
from typing import Callable

from lxml import etree

from tei_roundtable._xml import NS, TEI_NS, XML_NS
from tei_roundtable.encode import encode_to_tree, serialize

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "fixtures"
RULES = HERE / "rules"
XID = f"{{{XML_NS}}}id"
T = f"{{{TEI_NS}}}"


def base() -> etree._ElementTree:
    tree = encode_to_tree(FIXTURES / "minimal.md", FIXTURES / "minimal.yaml")
    return etree.fromstring(serialize(tree)).getroottree()


def one(tree: etree._ElementTree, path: str) -> etree._Element:
    found = tree.getroot().xpath(path, namespaces=NS)
    assert len(found) == 1, (path, len(found))
    return found[0]


def mark(element: etree._Element, rule: str) -> None:
    """Put the expectation marker on the line of ``element``'s start tag."""
    comment = etree.Comment(f"expect: {rule}")
    element.addprevious(comment)


def write(tree: etree._ElementTree, path: Path, source: str) -> None:
    tree = copy.deepcopy(tree)
    file_idno = tree.getroot().find("tei:teiHeader/tei:fileDesc/tei:sourceDesc/tei:bibl/tei:idno[@type='file']", NS)
    if file_idno is not None and file_idno.text == "minimal.md":
        file_idno.text = source
    depth = len(path.relative_to(HERE.parents[1]).parts) - 1
    data = etree.tostring(tree, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    data = data.replace(b'href="../schema/', f'href="{"../" * depth}schema/'.encode())
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def write_text(text: str, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


# ----- one mutation per failing document --------------------------------------------------------
# Each takes the base tree, changes it, marks the expected element(s) and returns nothing.

Case = Callable[[etree._ElementTree], None]


def set_attr(path: str, name: str, value: str, rule: str | None = None) -> Case:
    """Set an attribute; mark the element if the finding is expected on it."""
    def case(tree: etree._ElementTree) -> None:
        element = one(tree, path)
        element.set(XID if name == "xml:id" else name, value)
        if rule:
            mark(element, rule)
    return case


def fail_rng(tree):
    hi = one(tree, "//tei:hi")
    hi.set("rend", "underline")
    mark(hi, "rng")


def pass_rng(tree):
    one(tree, "//tei:hi").set("rend", "italic")


def fail_choice_complete(tree):
    choice = one(tree, "//tei:choice[@xml:id='osmonov-spelling.1']")
    choice[1].tag = T + "reg"
    mark(choice, "choice-complete")


def pass_choice_complete(tree):
    choice = one(tree, "//tei:choice[@xml:id='osmonov-spelling.1']")
    corr = choice[1]
    choice.remove(corr)
    choice.insert(0, corr)  # corr before sic is as good


def fail_turn_n(tree):
    sp = one(tree, "//tei:sp[@xml:id='t5']")
    sp.set("n", "6")
    sp.set(XID, "t6")
    one(tree, "//tei:p[@xml:id='t5.1']").set(XID, "t6.1")
    mark(sp, "turn-n")


def fail_paragraph_n(tree):
    p = one(tree, "//tei:p[@xml:id='t2.2']")
    p.set("n", "3")
    p.set(XID, "t2.3")
    mark(p, "paragraph-n")


def fail_header_editor(tree):
    one(tree, "//tei:titleStmt/tei:respStmt/tei:resp").text = ""
    mark(one(tree, "//tei:titleStmt"), "header-editor")


def fail_header_publisher(tree):
    one(tree, "//tei:publicationStmt/tei:publisher").text = " "
    mark(one(tree, "//tei:publicationStmt"), "header-publisher")


def fail_header_idno(tree):
    idno = one(tree, "//tei:publicationStmt/tei:idno[@type='URN']")
    idno.getparent().remove(idno)
    mark(one(tree, "//tei:publicationStmt"), "header-idno")


def fail_header_date(tree):
    one(tree, "//tei:publicationStmt/tei:date").set("when", "2026-01-02")
    mark(one(tree, "//tei:publicationStmt"), "header-date")


def fail_header_source(tree):
    idno = one(tree, "//tei:sourceDesc/tei:bibl/tei:idno[@type='sha256']")
    idno.getparent().remove(idno)
    mark(one(tree, "//tei:sourceDesc"), "header-source")


def fail_participant_referenced(tree):
    mark(absent_participant(tree), "participant-referenced")


def absent_participant(tree) -> etree._Element:
    """A participant 'absent' added to particDesc, whom nothing points to."""
    listing = one(tree, "//tei:particDesc/tei:listPerson")
    previous = listing[-1]
    person = etree.SubElement(listing, T + "person", {XID: "absent", "role": "participant"})
    name = etree.SubElement(person, T + "persName")
    etree.SubElement(name, T + "forename").text = "Nobody"
    name[-1].tail = " "
    etree.SubElement(name, T + "surname").text = "Present"
    person.tail = previous.tail
    previous.tail = listing.text
    return person


def fail_id_pattern_choice(tree):
    choice = one(tree, "//tei:choice[@xml:id='osmonov-spelling.1']")
    choice.set(XID, "osmonov-spelling")
    one(tree, "//tei:note[@xml:id='note-osmonov-spelling']").set("target", "#osmonov-spelling")
    mark(choice, "id-pattern")


def fail_who_participant(tree):
    sp = one(tree, "//tei:sp[@xml:id='t1']")
    sp.set("who", "#civic-forum")
    mark(sp, "who-participant")


def fail_text_fidelity(tree):
    p = one(tree, "//tei:p[@xml:id='t2.2']")
    p.text = p.text.replace("Second paragraph", "Third paragraph")
    mark(p, "text-fidelity")


def set_source(named: str) -> Case:
    """Name another source transcript in the header; the finding is expected on the idno."""
    def case(tree: etree._ElementTree) -> None:
        idno = one(tree, "//tei:sourceDesc/tei:bibl/tei:idno[@type='file']")
        idno.text = named
        mark(idno, "source-path")
    return case


def drop_anchors(tree: etree._ElementTree, note: str) -> None:
    """Remove the note's anchors in the text (ptr), as in a TEI edited by hand or made elsewhere."""
    for ptr in tree.getroot().xpath(f"//tei:ptr[@target='#{note}']", namespaces=NS):
        previous, parent = ptr.getprevious(), ptr.getparent()
        if previous is not None:
            previous.tail = (previous.tail or "") + (ptr.tail or "")
        else:
            parent.text = (parent.text or "") + (ptr.tail or "")
        parent.remove(ptr)


def retarget(note: str, target: str, element: str, rule: str) -> Case:
    """Point a note elsewhere (its anchors go with it); the finding is expected on ``element``."""
    def case(tree: etree._ElementTree) -> None:
        drop_anchors(tree, note)
        one(tree, f"//tei:note[@xml:id='{note}']").set("target", target)
        mark(one(tree, element), rule)
    return case


def fail_note_anchor_other_note(tree):
    ptr = one(tree, "//tei:p[@xml:id='t2.1']/tei:ptr")
    ptr.set("target", "#note-osmonov-spelling")
    mark(ptr, "note-anchor")


def fail_note_anchor_not_a_note(tree):
    ptr = one(tree, "//tei:p[@xml:id='t2.1']/tei:ptr")
    ptr.set("target", "#t2.1")
    mark(ptr, "note-anchor")


def fail_note_anchor_apart(tree):
    """The anchor of a note moved away from its passage, to the end of another paragraph."""
    ptr = one(tree, "//tei:p[@xml:id='t2.1']/tei:ptr")
    drop_anchors(tree, "note-forty-canals")
    ptr.tail = None
    one(tree, "//tei:p[@xml:id='t2.2']").append(ptr)
    mark(ptr, "note-anchor")


def pass_note_anchor_spaced(tree):
    """A comment and spaces between a passage and its anchor (an editor's layout) are no matter."""
    ptr = one(tree, "//tei:ptr[@target='#note-ref-timur']")
    name = ptr.getprevious()
    name.tail = " "
    name.addnext(etree.Comment(" the note on 'Timur' "))
    ptr.getprevious().tail = "\n  "


def fail_id_pattern_note(tree):
    """A note renamed (its anchor follows): the id no longer says which decision it explains."""
    set_attr("//tei:note[@xml:id='note-two-turns']", "xml:id", "remark-two-turns", "id-pattern")(tree)
    one(tree, "//tei:ptr[@target='#note-two-turns']").set("target", "#remark-two-turns")


def pass_participant_referenced_listed(tree):
    """A participant no turn names alone, pointed to only in a name's list of pointers: found by
    the full test, after the comparisons with "#id"."""
    absent_participant(tree)
    one(tree, "//tei:sp[@xml:id='t5']/tei:p/tei:persName").set("ref", "#bekova #absent")


def pass_participant_referenced_named(tree):
    """A participant who has no turn, named in the text by a pointer "#id"."""
    absent_participant(tree)
    one(tree, "//tei:sp[@xml:id='t5']/tei:p/tei:persName").set("ref", "#absent")


def pass_participant_referenced_turn_list(tree):
    """A participant pointed to only in a turn's list of pointers (@who)."""
    absent_participant(tree)
    one(tree, "//tei:sp[@xml:id='t5']").set("who", "#sultanov #absent")


def pass_ref_resolves(tree):
    one(tree, "//tei:sp[@xml:id='t5']/tei:p/tei:persName").set("ref", "#bekova https://example.org/persons/bekova")


def pass_target_resolves(tree):
    one(tree, "//tei:note[@xml:id='note-forty-canals']").set("target", "#forty-canals https://example.org/canals")


def pass_corresp_resolves(tree):
    one(tree, "//tei:seg[@xml:id='forty-canals']").set("corresp", "#t1.1")


CASES: dict[str, dict[str, Case]] = {
    "rng": {"pass": pass_rng, "fail": fail_rng},
    "who-resolves": {"fail": set_attr("//tei:revisionDesc/tei:change", "who", "#nobody", "who-resolves")},
    "ref-resolves": {
        "pass": pass_ref_resolves,
        "fail": set_attr("//tei:sp[@xml:id='t5']/tei:p/tei:persName", "ref", "#nobody", "ref-resolves"),
        # white space after a pointer: key('pointer', @ref) finds nothing, the normalised pointer its entry
        "pass-spaced": set_attr("//tei:sp[@xml:id='t5']/tei:p/tei:persName", "ref", "#bekova "),
        # white space before it: the pointer does not start with '#' (as before the key was asked first)
        "fail-spaced": set_attr("//tei:sp[@xml:id='t5']/tei:p/tei:persName", "ref", " #bekova", "ref-resolves"),
    },
    "resp-resolves": {
        "fail": set_attr("//tei:note[@xml:id='note-osmonov-spelling']", "resp", "#karaeva", "resp-resolves"),
    },
    "target-resolves": {
        "pass": pass_target_resolves,
        "fail": set_attr("//tei:note[@xml:id='note-forty-canals']", "target", "#forty-canals #nowhere", "target-resolves"),
    },
    "corresp-resolves": {
        "pass": pass_corresp_resolves,
        "fail": set_attr("//tei:seg[@xml:id='forty-canals']", "corresp", "#nowhere", "corresp-resolves"),
    },
    "ref-kind": {
        "fail": set_attr("//tei:sp[@xml:id='t1']//tei:placeName", "ref", "#civic-forum", "ref-kind"),
        # the entry found by the normalised pointer only (white space after it)
        "fail-spaced": set_attr("//tei:sp[@xml:id='t1']//tei:placeName", "ref", "#civic-forum ", "ref-kind"),
    },
    "choice-complete": {"pass": pass_choice_complete, "fail": fail_choice_complete},
    "choice-note": {
        "fail": retarget("note-osmonov-spelling", "#t4.1", "//tei:choice[@xml:id='osmonov-spelling.1']", "choice-note"),
    },
    "comment-note": {
        "fail": retarget("note-forty-canals", "#t2.1", "//tei:seg[@xml:id='forty-canals']", "comment-note"),
    },
    "note-anchor": {
        "pass-spaced": pass_note_anchor_spaced,
        "fail": fail_note_anchor_other_note,
        "fail-not-a-note": fail_note_anchor_not_a_note,
        "fail-apart": fail_note_anchor_apart,
    },
    "turn-id": {"fail": set_attr("//tei:sp[@xml:id='t5']", "xml:id", "t05", "turn-id")},
    "turn-n": {"fail": fail_turn_n},
    "paragraph-id": {"fail": set_attr("//tei:p[@xml:id='t2.2']", "xml:id", "t2.20", "paragraph-id")},
    "paragraph-n": {"fail": fail_paragraph_n},
    "id-pattern": {
        "fail": fail_id_pattern_note,
        "fail-choice": fail_id_pattern_choice,
        # grammar and Schematron agree on NCName; the letters are the Schematron's to check
        "fail-letters": set_attr("//tei:sp[@xml:id='t5']/tei:p/tei:persName", "xml:id", "Bekova_1", "id-pattern"),
    },
    "cite-structure": {
        "fail": lambda tree: (
            set_attr("//tei:refsDecl/tei:citeStructure/tei:citeStructure", "delim", "-")(tree),
            mark(one(tree, "//tei:refsDecl"), "cite-structure"),
        ),
    },
    "header-editor": {"fail": fail_header_editor},
    "header-publisher": {"fail": fail_header_publisher},
    "header-idno": {"fail": fail_header_idno},
    "header-date": {"fail": fail_header_date},
    "header-licence": {"fail": set_attr("//tei:licence", "target", "urn:example:licence", "header-licence")},
    "header-source": {"fail": fail_header_source},
    "participant-referenced": {
        "fail": fail_participant_referenced,
        "pass-named": pass_participant_referenced_named,
        "pass-listed": pass_participant_referenced_listed,
        "pass-turn-list": pass_participant_referenced_turn_list,
    },
    "speaker-label": {
        "fail": set_attr("//tei:sp[@xml:id='t1']", "who", "#sultanov", "speaker-label"),
        # labels and names compare without case and punctuation ('Aida Karaeva' names KARAEVA.)
        "pass-case": lambda tree: setattr(one(tree, "//tei:person[@xml:id='karaeva']/tei:persName/tei:surname"),
                                          "text", "KARAEVA."),
    },
    "who-participant": {"fail": fail_who_participant},
    "consecutive-speaker": {
        "fail": retarget("note-two-turns", "#t2", "//tei:sp[@xml:id='t3']", "consecutive-speaker"),
    },
    "source-sha256": {
        "fail": lambda tree: (
            set_attr("//tei:sourceDesc/tei:bibl/tei:idno[@type='sha256']", "type", "sha256", "source-sha256")(tree),
            setattr(one(tree, "//tei:sourceDesc/tei:bibl/tei:idno[@type='sha256']"), "text", "0" * 64),
        ),
    },
    "text-fidelity": {"fail": fail_text_fidelity},
    "source-path": {
        # refused unopened, even where the file exists and is the right transcript
        "fail-absolute": set_source("/etc/passwd"),
        "fail-parent": set_source("../../fixtures/minimal.md"),
        "fail-folder": set_source("source"),
    },
}


XI = "http://www.w3.org/2001/XInclude"


def write_included(tree: etree._ElementTree, directory: Path) -> None:
    """xinclude: turn t5 kept in a file of its own beside the TEI (pass), or named where it is not
    opened (fail: out of the folder, a URL)."""
    for name, href in (("pass", "parts/t5.xml"), ("fail-parent", "../parts/t5.xml"),
                       ("fail-url", "https://example.org/parts/t5.xml")):
        changed = copy.deepcopy(tree)
        sp = one(changed, "//tei:sp[@xml:id='t5']")
        include = etree.Element(f"{{{XI}}}include", href=href, nsmap={"xi": XI})
        include.tail = sp.tail
        sp.getparent().replace(sp, include)
        if name != "pass":
            mark(include, "xinclude")
        write(changed, directory / f"{name}.xml", MINIMAL_SOURCE)
    part = copy.deepcopy(one(tree, "//tei:sp[@xml:id='t5']"))
    part.tail = "\n"
    (directory / "parts").mkdir(parents=True, exist_ok=True)
    (directory / "parts" / "t5.xml").write_bytes(etree.tostring(part, xml_declaration=True, encoding="UTF-8"))


# Each rule's directory holds a copy of the transcript: a TEI names its source inside its own folder.
MINIMAL_SOURCE = "source/minimal.md"


def main() -> None:
    tree = base()
    write(tree, FIXTURES / "minimal.xml", "minimal.md")
    if RULES.exists():
        shutil.rmtree(RULES)
    for rule, cases in CASES.items():
        if "pass" not in cases:
            write(tree, RULES / rule / "pass.xml", MINIMAL_SOURCE)
        for name, case in cases.items():
            changed = copy.deepcopy(tree)
            case(changed)
            write(changed, RULES / rule / f"{name}.xml", MINIMAL_SOURCE)

    # Documents the parser refuses: made from the serialised base as text.
    text = (FIXTURES / "minimal.xml").read_text(encoding="utf-8").replace(
        "<idno type=\"file\">minimal.md</idno>", f"<idno type=\"file\">{MINIMAL_SOURCE}</idno>"
    ).replace('href="../../../schema/', 'href="../../../../schema/')
    lines = text.split("\n")
    speaker = next(i for i, line in enumerate(lines) if "<speaker>" in line)
    write_text(text, RULES / "xml-wellformed" / "pass.xml")
    broken = list(lines)
    broken[speaker] = broken[speaker].replace("</speaker>", "</speakr>") + "<!--expect: xml-wellformed-->"
    write_text("\n".join(broken), RULES / "xml-wellformed" / "fail.xml")

    write_text(text, RULES / "xml-doctype" / "pass.xml")
    xxe = list(lines)
    xxe.insert(1, '<!DOCTYPE TEI [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><!--expect: xml-doctype-->')
    xxe[speaker + 1] = xxe[speaker + 1].replace("</speaker>", "&xxe;</speaker>")
    write_text("\n".join(xxe), RULES / "xml-doctype" / "fail-xxe.xml")
    bomb = list(lines)
    entities = ['<!ENTITY a0 "lol">'] + [f'<!ENTITY a{i} "{("&a" + str(i - 1) + ";") * 10}">' for i in range(1, 10)]
    bomb.insert(1, "<!DOCTYPE TEI [" + "".join(entities) + "]><!--expect: xml-doctype-->")
    bomb[speaker + 1] = bomb[speaker + 1].replace("</speaker>", "&a9;</speaker>")
    write_text("\n".join(bomb), RULES / "xml-doctype" / "fail-bomb.xml")

    write_text(text, RULES / "id-unique" / "pass.xml")
    duplicate = list(lines)
    second = next(i for i, line in enumerate(lines) if 'xml:id="t2.2"' in line)
    duplicate[second] = duplicate[second].replace('xml:id="t2.2"', 'xml:id="t2.1"') + "<!--expect: id-unique-->"
    write_text("\n".join(duplicate), RULES / "id-unique" / "fail.xml")

    write_text(text, RULES / "tei-root" / "pass.xml")
    root = next(i for i, line in enumerate(lines) if line.startswith("<TEI "))
    namespace = list(lines)
    namespace[root] = namespace[root].replace(TEI_NS, "http://example.org/not-tei") + "<!--expect: tei-root-->"
    write_text("\n".join(namespace), RULES / "tei-root" / "fail-namespace.xml")
    write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml"><!--expect: tei-root-->\n'
        "  <body><p>Not a TEI document.</p></body>\n</html>\n",
        RULES / "tei-root" / "fail-root.xml",
    )

    source = list(lines)
    named = next(i for i, line in enumerate(lines) if '<idno type="file">' in line)
    source[named] = source[named].replace(MINIMAL_SOURCE, "source/missing.md") + "<!--expect: source-file-->"
    write_text(text, RULES / "source-file" / "pass.xml")
    write_text("\n".join(source), RULES / "source-file" / "fail.xml")

    write_included(tree, RULES / "xinclude")

    for directory in RULES.iterdir():
        (directory / MINIMAL_SOURCE).parent.mkdir()
        shutil.copyfile(FIXTURES / "minimal.md", directory / MINIMAL_SOURCE)


if __name__ == "__main__":
    main()
