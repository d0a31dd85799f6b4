"""A trained CRF that finds attributions the rules miss (`quotetrack_attributions` with `learned=True`).

`features` turns a parsed document and the rules' output into token features, `decode` turns the CRF's
tags back into candidates, `tagger` loads the shipped model (`attributions.crfsuite`, trained by
`scripts/train_model.py`) and keeps what reads as a report.
"""
