"""Every PDF the EPS issues: what a document says (spec), how it is drawn (render) and who issues it (ports)."""
