// TurboJPEG 2.1 (libjpeg-turbo's simple API). It reports errors through
// tjGetErrorStr2/tjGetErrorCode and does not print (its libjpeg error manager keeps
// messages in a buffer), so Swift calls it directly.
#include <turbojpeg.h>
