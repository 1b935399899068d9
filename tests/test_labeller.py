"""The reference labeller: the shipped model, its training, and `refcli train`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from refcli.cli import app
from refcli.corpus import read_works
from refcli.labeller import (
    Labeller,
    card_path,
    file_digest,
    model_attributes,
    packaged_model,
    train,
    training_digest,
)
from refcli.parsers.features import FeatureTable, note_features, table_features, table_records
from refcli.parsers.sequence import FIELDS, OUTSIDE, note_sequence
from refcli.parsers.training import gold_labels
from refcli.registry import Registry
from refcli.training import training_pairs

from .conftest import ROOT

CORPUS = ROOT / "corpus"
runner = CliRunner()


def test_shipped_model_was_trained_from_the_committed_corpus(registry: Registry) -> None:
    """The packaged model's card names the digest of corpus/train's labelled tokens and of the
    model file itself; both are recomputed here, so a model trained on anything else fails."""
    card = json.loads(card_path(packaged_model()).read_text(encoding="utf-8"))
    pairs, works = training_pairs([CORPUS / "train"], registry, augment=True)
    assert card["works"] == works
    assert card["notes"] == len(pairs)
    assert card["data_sha256"] == training_digest(pairs)
    assert card["model_sha256"] == file_digest(packaged_model())


def test_the_tagger_gets_only_the_features_the_model_knows_and_tags_the_same(registry: Registry) -> None:
    """The model file's attribute dictionary is read without the tagger (the same set as
    python-crfsuite's own dump of the model); the labeller hands the tagger only those
    features, in note_features' order, and every note of corpus/dev gets the tags that all
    of its features give."""
    import pycrfsuite

    model = packaged_model()
    known = model_attributes(model.read_bytes())
    tagger = pycrfsuite.Tagger()
    tagger.open(str(model))
    assert known == {attr for attr, _ in tagger.info().state_features}
    labeller, table = Labeller(model), FeatureTable(known)
    assert labeller._direct is not None  # (tagging through CRFsuite's C interface, refcli.crf)
    notes = [n["text"] for w in read_works([CORPUS / "dev"]) for n in w.notes]
    assert len(notes) > 500
    for text in notes:
        seq = note_sequence(text, registry)
        full = note_features(seq.tokens, seq.text, seq.archive_names)
        kept = table_features(seq.tokens, seq.archive_names, table)
        assert kept == [[f.encode() for f in feats if f in known] for feats in full]
        assert labeller.label(seq) == (tagger.tag(full) if full else [])


def test_the_direct_tagger_tags_as_python_crfsuite_on_every_training_note(registry: Registry) -> None:
    """CRFsuite's tagger fed attribute records (refcli.crf) gives the labels python-crfsuite
    gives from the feature strings, on every note of corpus/train (the dev notes: above), long
    ones and made-up ones too; a file that is no model gives no direct tagger."""
    import pycrfsuite

    from refcli.crf import DirectTagger

    model = packaged_model()
    labeller = Labeller(model)
    assert labeller._direct is not None
    tagger = pycrfsuite.Tagger()
    tagger.open(str(model))
    notes = [n["text"] for w in read_works([CORPUS / "train"]) for n in w.notes]
    notes += [" ".join(notes[i : i + 40]) for i in range(0, 400, 40)]  # (the buffers grow)
    notes += ["x", "; ;", "“”«»", "GARF, f. 1, op. 2, d. 3.", "Ibid."]
    for text in notes:
        seq = note_sequence(text, registry)
        full = note_features(seq.tokens, seq.text, seq.archive_names)
        assert labeller.label(seq) == (tagger.tag(full) if full else [])
    assert DirectTagger.load(Path(__file__)) is None


def test_without_the_direct_tagger_the_labeller_tags_through_python_crfsuite(
        registry: Registry, monkeypatch: pytest.MonkeyPatch) -> None:
    """Where CRFsuite's C functions cannot be reached, the labeller hands python-crfsuite the
    known features as strings: the same labels."""
    from refcli.crf import DirectTagger

    direct = Labeller(packaged_model())
    monkeypatch.setattr(DirectTagger, "load", classmethod(lambda cls, model: None))
    plain = Labeller(packaged_model())
    assert plain._direct is None
    assert direct._direct is not None
    for w in list(read_works([CORPUS / "dev"]))[:8]:
        for n in w.notes:
            seq = note_sequence(n["text"], registry)
            assert plain.label(seq) == direct.label(seq)


@pytest.mark.parametrize("data", [b"", b"lCRF", b"not a model at all" * 10,
                                  packaged_model().read_bytes()[:5000]])
def test_a_file_that_is_no_model_has_no_attributes(data: bytes) -> None:
    assert model_attributes(data) is None


def test_training_is_reproducible(tmp_path: Path, registry: Registry) -> None:
    """The same notes and parameters give the same model file, byte for byte."""
    work = next(iter(read_works([CORPUS / "train"])))
    pairs = [(note_sequence(n["text"], registry), None) for n in work.notes[:25]]
    pairs = [(seq, gold_labels(seq, n["citations"])) for (seq, _), n in zip(pairs, work.notes, strict=False)]
    params = {"c1": 0.1, "c2": 0.01, "max_iterations": 30, "feature.possible_transitions": True}
    a = train(pairs, tmp_path / "a.crfsuite", 1, params)
    b = train(pairs, tmp_path / "b.crfsuite", 1, params)
    assert a.model_sha256 == b.model_sha256
    assert (tmp_path / "a.crfsuite").read_bytes() == (tmp_path / "b.crfsuite").read_bytes()


def test_gold_labels_mark_fields_and_the_start_of_each_citation(registry: Registry) -> None:
    """A gold note becomes token labels: B- on each citation's first token, fields on their
    words, commentary outside."""
    text = "See R. W. Davies, The Socialist Offensive, pp. 252–68; Ibid., p. 9. A remark."
    gold = [{"kind": "book", "raw": "R. W. Davies, The Socialist Offensive, pp. 252–68",
             "authors": ["Davies"], "title": "The Socialist Offensive", "pages": "252-68"},
            {"kind": "ibid", "raw": "Ibid., p. 9", "pages": "9"}]
    seq = note_sequence(text, registry)
    labels = dict(zip([t.text for t in seq.tokens], gold_labels(seq, gold), strict=False))
    assert labels["See"] == OUTSIDE
    assert labels["R"] == "B-author"
    assert labels["Davies"] == "author"
    assert labels["Socialist"] == "title"
    assert labels["pp"] == "pages"
    assert labels["Ibid"] == "B-ibid"
    assert labels["remark"] == OUTSIDE
    assert all(lab == OUTSIDE or lab.removeprefix("B-") in FIELDS for lab in labels.values())


def test_train_command_writes_a_model_refcli_can_use(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`refcli train` on a corpus file writes a model and its card; REFCLI_MODEL makes
    `refcli parse` use it."""
    source = sorted((CORPUS / "train").glob("*.jsonl"))[0]
    model = tmp_path / "mine.crfsuite"
    result = runner.invoke(app, ["train", str(source), "-o", str(model), "--json"])
    assert result.exit_code == 0, result.output
    card = json.loads(result.stdout)
    assert card["schema"] == "refcli.train/1"
    assert card["notes"] > 0
    assert model.is_file()
    assert card_path(model).is_file()
    assert Labeller(model).version == card["data_sha256"][:12]
    notes = tmp_path / "n.txt"
    notes.write_text("1 GARF, f. 5446, op. 98, d. 704, l. 1.\n2 Ibid., l. 2.\n", encoding="utf-8")
    monkeypatch.setenv("REFCLI_MODEL", str(model))
    result = runner.invoke(app, ["parse", str(notes), "--json"])
    assert result.exit_code == 0, result.output
    kinds = [c["kind"] for n in json.loads(result.stdout)["notes"] for c in n["citations"]]
    assert kinds == ["archival", "ibid"]


@pytest.mark.parametrize(("body", "message"), [
    ("not json\n", "not JSON"),
    ('{"work": {"id": "x"}}\n{"n": 1}\n', "needs 'text'"),
])
def test_train_refuses_a_broken_corpus_in_one_line(tmp_path: Path, body: str, message: str) -> None:
    """A corpus file that is not the corpus format: one line on stderr, exit 2."""
    bad = tmp_path / "bad.jsonl"
    bad.write_text(body, encoding="utf-8")
    result = runner.invoke(app, ["train", str(bad), "-o", str(tmp_path / "m.crfsuite")])
    assert result.exit_code == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("text", ["a b | x | | x", "| | |", "“Quoted” (x) [y]; z. A. B! pp. c?", "x"])
def test_the_known_features_of_a_table_are_all_features_filtered(text: str, registry: Registry) -> None:
    """Bigrams whose words hold '|' and every mark that moves the quote, bracket and sentence
    counts: the table's features are note_features' known ones, in order."""
    seq = note_sequence(text, registry)
    full = note_features(seq.tokens, seq.text, seq.archive_names)
    known = frozenset({"bi=||x", "bi=x||", "bi=|||", "bi=a|b", "INQUOTE", "INPAREN", "SENTSTART", "LAST",
                       "semi=2", "stop=13+", "GLUED", "-1:w=x", "w=|"} | {f for feats in full for f in feats[::3]})
    kept = table_features(seq.tokens, seq.archive_names, FeatureTable(known))
    assert kept == [[f.encode() for f in feats if f in known] for feats in full]
    # the direct tagger's records: each token's known features as the bytes CODES gives, joined
    codes = {f: f"<{i}>".encode() for i, f in enumerate(sorted(known))}
    assert table_records(seq.tokens, seq.archive_names, FeatureTable(codes=codes)) == \
        [b"".join(codes[f] for f in feats if f in known) for feats in full]
