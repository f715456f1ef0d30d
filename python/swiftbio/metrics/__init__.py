"""Segmentation metrics: pixel overlap (Jaccard, Dice, precision, recall),
set distances (Hausdorff, average symmetric surface distance) and object
matching."""
from ._distances import average_symmetric_surface_distance, hausdorff_distance
from ._matching import matching, matching_dataset
from ._overlap import confusion_matrix, dice, f1, jaccard, precision, recall

__all__ = ["jaccard", "dice", "f1", "precision", "recall", "confusion_matrix", "hausdorff_distance",
           "average_symmetric_surface_distance", "matching", "matching_dataset"]
