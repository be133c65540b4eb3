/*
 * The model schema models/mig-model.xsd, built into the tools so that they
 * validate model files without reading anything else (generated at build
 * time into build/gen/model_xsd.c).
 */
#ifndef MIG_MODEL_XSD_H
#define MIG_MODEL_XSD_H

#include <stddef.h>

extern const unsigned char model_xsd[];
extern const size_t model_xsd_len;

#endif
