// Package digits prepares a user's own images of digits (PNG, JPEG, or the
// images of an IDX file) as MNIST's were prepared, so that a network
// trained on a data set can classify them: grey levels with the ink light
// on dark, the ink's bounding box scaled to fit a box of Box/Side of the
// image's shorter side, its centre of mass at the centre. Reading is bounded
// by the images' pixel count before they are decoded.
package digits
