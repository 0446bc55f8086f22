"""Photos a clerk attaches: whatever a camera, phone or scanner writes, turned into a print-size JPEG and a thumbnail within a memory budget."""
