"""Operations that combine the store, the renderer and the file formats: finalise with its check, carry forward, replaced-report revisions, the bundled demo."""
