// Tests for this target land with its issue; this file keeps the target buildable.
