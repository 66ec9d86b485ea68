#include "cli.h"
int cmd_versions(int a, char **b){(void)a;(void)b;return 0;}
int cmd_sections(int a, char **b){(void)a;(void)b;return 0;}
int cmd_show(int a, char **b){(void)a;(void)b;return 0;}
int cmd_requirements(int a, char **b){(void)a;(void)b;return 0;}
